"""Computations over the domain: indicator status, deadlines, compliance, calendars."""
