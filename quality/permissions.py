"""Who sees and does what in quality control (each module adds its scopes below)."""
