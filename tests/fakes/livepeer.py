"""The fake Livepeer Studio of ``streamzctl dev`` (``streamz_dev.livepeer``), for the tests."""

from streamz_dev.livepeer import WEBHOOK_PATH, Call, FakeLivepeer, Signed, millis, sign

__all__ = ["WEBHOOK_PATH", "Call", "FakeLivepeer", "Signed", "millis", "sign"]
