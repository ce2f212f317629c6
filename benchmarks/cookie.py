"""Print the state cookie a person holds after answering, so wrk can ask for their next page.

The answers are given through the app itself (page, form token, answer), so the cookie is the one a
browser would hold: it carries the form token too, and it is fresh when the run starts.
Usage: cookie.py SECRET TREE_ID '{"node": "value", ...}'
"""

import json
import re
import sys

from questionnaire import create_app

secret, tree_id, answers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
client = create_app({"SECRET_KEY": secret}).test_client()
for node_id, value in answers.items():
    url = f"/en/{tree_id}/q/{node_id}"
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token, url
    answered = client.post(url, data={"csrf_token": token.group(1), "answer": value})
    assert answered.status_code == 302, (url, value, answered.status_code)
cookie = client.get_cookie("s")
assert cookie is not None
print(cookie.value)
