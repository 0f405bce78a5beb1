"""Social context: follows of channels and categories, notification preferences."""
