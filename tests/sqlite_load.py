"""A small team on `make run`'s embedded SQLite: ten people start and grade mock interviews at once.

    .venv/bin/python -m tests.sqlite_load PATH    # PATH: an SQLite file, migrated first when it is empty

Each of USERS threads signs in its own user and, ROUNDS times, starts a mock interview, answers
every question, finishes and grades it through the API, all threads released together. It prints
how many of each step succeeded and the errors the server raised, and exits non-zero unless every
step of every round succeeded. tests/test_sqlite_concurrency.py runs it in a fresh interpreter,
so the database settings are built by interviewprep/settings.py exactly as `make run` builds them.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from typing import Any

USERS, ROUNDS = 10, 3
STEPS = ("start", "answer", "finish", "grade")


def main(path: str) -> int:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings")
    import django

    django.setup()

    from django.core.management import call_command
    from django.core.signals import got_request_exception
    from django.db import connection
    from django.test import Client

    from tests.factories import CategoryFactory, QuestionFactory, UserFactory

    if "accounts_user" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    category = CategoryFactory()
    for kind in ["concept"] * 6 + ["scenario", "scenario", "design", "design", "behavioural"]:
        QuestionFactory(kind=kind, category=category)
    users = [UserFactory(password=None) for _ in range(USERS)]  # force_login needs none
    connection.close()

    done: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    got_request_exception.connect(lambda sender, **kw: errors.update([repr(sys.exc_info()[1])]), weak=False)
    start = threading.Barrier(USERS)

    def post(client: Client, url: str, body: dict[str, Any]) -> Any:
        return client.post(url, body, content_type="application/json")

    def person(user: Any) -> None:
        client = Client(raise_request_exception=False, HTTP_HOST="localhost")  # in ALLOWED_HOSTS
        client.force_login(user)
        start.wait()
        for _ in range(ROUNDS):
            created = post(client, "/api/v1/mocks/", {"size": 3, "seconds_per_question": 60})
            if created.status_code != 201:
                continue
            done["start"] += 1
            mock = created.json()
            url = f"/api/v1/mocks/{mock['id']}/"
            positions = [item["position"] for item in mock["items"]]
            answered = [post(client, url + "answer/", {"position": p, "answer_text": "an answer"}) for p in positions]
            if any(r.status_code != 200 for r in answered):
                continue
            done["answer"] += 1
            if post(client, url + "finish/", {}).status_code != 200:
                continue
            done["finish"] += 1
            grades = [{"position": p, "grade": "good", "key_points_covered": [0]} for p in positions]
            if post(client, url + "grades/", {"grades": grades}).status_code == 200:
                done["grade"] += 1

    threads = [threading.Thread(target=person, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    wanted = USERS * ROUNDS
    print(f"{USERS} users x {ROUNDS} mock interviews on {connection.vendor} ({path}):")
    print("  " + ", ".join(f"{step} {done[step]}/{wanted}" for step in STEPS))
    for error, count in errors.most_common():
        print(f"  {count} x {error}")
    return 0 if all(done[step] == wanted for step in STEPS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
