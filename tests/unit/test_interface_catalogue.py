"""Every interface string of the app has a Ukrainian translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_interface_string_is_translated_into_ukrainian(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "app"],
                   cwd=ROOT, check=True, capture_output=True)
    wanted = {m.id if isinstance(m.id, str) else m.id[0]
              for m in read_po(pot.open("rb")) if m.id}
    catalogue = read_po((ROOT / "app/translations/uk/LC_MESSAGES/messages.po").open("rb"), locale="uk")
    translated = {m.id if isinstance(m.id, str) else m.id[0]
                  for m in catalogue if m.id and (m.string if isinstance(m.string, str) else all(m.string))
                  and not m.fuzzy}
    missing = sorted(wanted - translated)
    assert missing == [], f"{len(missing)} strings without Ukrainian (run `make messages`): {missing[:10]}"
