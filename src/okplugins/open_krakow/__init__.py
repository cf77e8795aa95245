"""The "Open Kraków" programme 2024–2028 and its coordinator network (Ordinance 3487/2023)."""
