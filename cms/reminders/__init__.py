"""Reminders and notices by e-mail: duties before, on and after their due dates, SZ's
weekly digest of overdue units, and the steps of a measurement's review."""
