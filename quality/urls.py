app_name = "quality"

urlpatterns: list = []

# --- plans, checklists, inspections, defects (helper "quality-a") ---

# --- test management, acceptance, dashboard (helper "quality-b") ---
