from django.urls import path  # noqa: F401 - each section below adds its paths

app_name = "resources"

urlpatterns: list = []

# --- pool, workload and staffing (resources/views/pool.py, resources/views/workload.py) ---------

# --- budgets, earned value and the portfolio (resources/views/budget.py) ------------------------

# --- leveling (resources/views/leveling.py) -----------------------------------------------------

# --- project allocations (resources/views/allocations.py) ---------------------------------------
