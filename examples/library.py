"""Streamz as a library: register an account and read its channel page, without HTTP.

Run it while `bash cli/dev` runs (it finds the local services in ./.streamz), or with
STREAMZ_DATABASE_URL, STREAMZ_REDIS_URL and STREAMZ_TYPESENSE_URL set:

    uv run python examples/library.py
"""

import asyncio

from streamz.core.channels.get_channel import GetChannel, GetChannelRequest
from streamz.core.identity.entities import Principal
from streamz.core.identity.register_account import RegisterAccount, RegisterAccountRequest
from streamz.library import Streamz


async def main() -> None:
    async with Streamz.from_env() as streamz:  # or Streamz.in_memory(): no servers at all
        registration = await streamz.call(
            RegisterAccount,  # what Ory's registration webhook does; a second run finds zoe
            RegisterAccountRequest(
                Principal.system(), "ory-identity-zoe", "zoe", "zoe@example.com"
            ),
        )
        page = await streamz.call(GetChannel, GetChannelRequest(Principal.anonymous(), "zoe"))
    print(f"{page.owner.username}: channel {page.channel.id}, new: {registration.created}")


asyncio.run(main())
