"""The protocol harness fixture `h`: an emulator and a real provider process over gRPC."""

from tests.support.protocol_harness import h

__all__ = ["h"]
