"""How screens reach the app: one typed accessor instead of ``self.app.x()  # type: ignore``.

Why: screens report what the player did to the app ("messages up"), and a type checker should
see those calls.  Textual's ``getters.app(PolitburoApp)`` resolves its class when the screen
class is defined, which the app module (it imports the screens) would make circular; a function
that imports the app class when first called does the same job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.message_pump import MessagePump
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from game.tui.app import PolitburoApp

T = TypeVar("T")


def politburo_app(node: MessagePump) -> PolitburoApp:
    """The running :class:`~game.tui.app.PolitburoApp` that ``node`` belongs to."""
    from game.tui.app import PolitburoApp

    app = node.app
    if not isinstance(app, PolitburoApp):
        raise TypeError(f"{type(node).__name__} runs only inside the Politburo app")
    return app


class PolitburoScreen(Screen[None]):
    """A full screen of the game, with the app typed."""

    @property
    def politburo(self) -> PolitburoApp:
        return politburo_app(self)


class PolitburoModal(ModalScreen[T]):
    """A modal of the game, with the app typed."""

    @property
    def politburo(self) -> PolitburoApp:
        return politburo_app(self)
