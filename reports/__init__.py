"""Status reports and the communication plan: reports that write themselves, a plan that runs."""
