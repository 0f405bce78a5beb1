"""Which platform a social link points to, from its host (subdomains included)."""

from __future__ import annotations

import enum
from urllib.parse import urlsplit


class Platform(enum.StrEnum):
    TWITTER = "twitter"
    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    DISCORD = "discord"
    TWITCH = "twitch"
    KICK = "kick"
    FACEBOOK = "facebook"
    REDDIT = "reddit"
    GITHUB = "github"
    LINKEDIN = "linkedin"
    SPOTIFY = "spotify"
    SOUNDCLOUD = "soundcloud"
    PATREON = "patreon"
    WEBSITE = "website"


DOMAINS: dict[str, Platform] = {
    "twitter.com": Platform.TWITTER,
    "x.com": Platform.TWITTER,
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
    "instagram.com": Platform.INSTAGRAM,
    "tiktok.com": Platform.TIKTOK,
    "discord.gg": Platform.DISCORD,
    "discord.com": Platform.DISCORD,
    "discordapp.com": Platform.DISCORD,
    "twitch.tv": Platform.TWITCH,
    "kick.com": Platform.KICK,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "reddit.com": Platform.REDDIT,
    "github.com": Platform.GITHUB,
    "linkedin.com": Platform.LINKEDIN,
    "spotify.com": Platform.SPOTIFY,
    "soundcloud.com": Platform.SOUNDCLOUD,
    "patreon.com": Platform.PATREON,
}


def platform_of(url: str) -> Platform:
    """The platform of ``url``: its host or any parent domain of it in ``DOMAINS``, else website.

    ``www.youtube.com`` and ``m.youtube.com`` are YouTube; ``notx.com`` is a website.
    """
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return Platform.WEBSITE
    labels = host.split(".")
    for start in range(len(labels) - 1):
        platform = DOMAINS.get(".".join(labels[start:]))
        if platform is not None:
            return platform
    return Platform.WEBSITE
