"""Live context: categories for now (IGDB fills them later), livestreams and VODs to come."""
