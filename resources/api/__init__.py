"""The resources API: the pool, bookings, workload, budgets, earned value and leveling."""
