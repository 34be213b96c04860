"""Pages of reports and the communication plan."""
