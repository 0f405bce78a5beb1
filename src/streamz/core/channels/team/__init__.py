"""The channel team: moderators, VIPs and OGs, and the moderation log."""
