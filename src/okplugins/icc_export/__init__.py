"""Council of Europe Intercultural Cities Index: area catalogue, programme mappings, export."""
