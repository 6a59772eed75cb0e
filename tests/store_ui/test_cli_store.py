"""Which local database the app opens: the demo's own, else the chosen profile's."""

from inbox_tui.cli import store_profile
from inbox_tui.config import Profile, Settings


def test_the_demo_and_each_profile_have_their_own_database():
    one = Settings(profiles={"work": Profile()})
    two = Settings(profiles={"work": Profile(), "night": Profile()}, default_profile="night")
    assert store_profile(one, None, demo=True) == "demo"
    assert store_profile(one, None, demo=False) == "work"
    assert store_profile(two, None, demo=False) == "night"
    assert store_profile(two, "work", demo=False) == "work"
    assert store_profile(Settings(), None, demo=False) == "default"
