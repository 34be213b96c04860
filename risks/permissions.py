"""Who sees and does what with risks, issues and their reviews."""
