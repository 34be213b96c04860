"""Planning and delivery pages, one module per screen."""
