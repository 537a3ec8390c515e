import io, zipfile, re
from tests.web.test_security_probes import *
def test_dbg(world):
    w = world
    s = w.session_row(w.session); s.venue = 'Зал <script>alert("venue")</script>'; w.db.commit()
    r = w.get("trainer", f"/sessions/{w.session}/deck.pptx")
    with zipfile.ZipFile(io.BytesIO(r.data)) as z:
        for n in z.namelist():
            t = z.read(n).decode("utf-8", "replace")
            for m in re.finditer(r".{60}<script>.{40}", t):
                print(n, m.group(0))
    w.save_work("gov", w.work, core_problem=XSS, causes=f"{XSS}\n  [x](javascript:alert(1))", evidence="<b>bold</b> {{ 7*7 }}")
    print(w.get("gov", f"/works/{w.work}/export.md").get_data(as_text=True)[:700])
