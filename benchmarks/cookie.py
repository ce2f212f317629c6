"""Print a state cookie for a finished walk, so wrk can ask for an outcome page."""

import json
import sys

from questionnaire import create_app

secret, tree_id, answers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
app = create_app({"SECRET_KEY": secret})
print(app.session_interface._fernet(app).encrypt(json.dumps({"a": {tree_id: answers}}).encode()).decode())
