"""Livestreams from Livepeer Studio: each channel's stream and key, the webhook intake and the
lifecycle it drives (live, idle, recording), VOD deletion."""
