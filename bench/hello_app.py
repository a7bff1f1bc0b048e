"""A bare Flask hello-world: the baseline the forms endpoint is measured against.

It answers every path and method with a short text, and reads nothing from the request.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/", defaults={"path": ""}, methods=["GET", "POST"])
@app.route("/<path:path>", methods=["GET", "POST"])
def hello(path: str) -> str:
    return "Hello, World!"
