from tests.web.test_security_probes import World, world, shared_app, app, hromadas
def test_dbg(world):
    w = world
    tok = w.csrf("gov")
    c = w.client("gov").raw
    for body in ("[" * 1000 + "]" * 1000, "[" * 100 + "]" * 100, '{"text": ' + "[" * 5000 + "]" * 5000 + "}"):
        r = c.post("/api/smart-check", data=body, content_type="application/json", headers={"X-CSRFToken": tok})
        print(body[:30], r.status_code, r.get_data(as_text=True)[:100].replace("\n"," "))
    assert 0
