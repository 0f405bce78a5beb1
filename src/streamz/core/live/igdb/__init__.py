"""Categories from IGDB: games arrive by webhook (create, update, delete) or from a dump.

IGDB is the source of truth for the categories it knows: a game upserts the category with its
IGDB id, adopting a staff-made category of the same slug instead of adding a duplicate.
"""
