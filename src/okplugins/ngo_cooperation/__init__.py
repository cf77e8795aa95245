"""Kraków's network of NGO-cooperation coordinators (Ordinance 351/2026)."""
