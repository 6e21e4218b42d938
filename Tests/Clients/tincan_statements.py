"""Stores and queries statements through Flywheel's xAPI API with TinCanPython, an unmodified xAPI client.

Usage: python3 tincan_statements.py ENDPOINT KEY SECRET
Prints one line per check and a closing "N passed, M failed" line; exits non-zero on any failure.
"""
import sys
import uuid

from tincan import (Activity, ActivityDefinition, Agent, LanguageMap, RemoteLRS, Result, Score, Statement,
                    Verb)

endpoint, key, secret = sys.argv[1], sys.argv[2], sys.argv[3]
lrs = RemoteLRS(version="1.0.3", endpoint=endpoint, username=key, password=secret)
checks = []


def check(name, condition, detail=""):
    checks.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f"  ({detail})"))


run = uuid.uuid4().hex[:8]
learner = Agent(name="Ana", mbox=f"mailto:ana-{run}@example.com")
completed = Verb(id="http://adlnet.gov/expapi/verbs/completed", display=LanguageMap({"en-US": "completed"}))
course = Activity(id=f"https://example.com/courses/fire-safety-{run}",
                  definition=ActivityDefinition(name=LanguageMap({"en-US": "Fire Safety"})))

about = lrs.about()
check("about answers with versions", about.success and about.content.version, about.data)

statement = Statement(actor=learner, verb=completed, object=course,
                      result=Result(score=Score(scaled=0.92), success=True, completion=True))
saved = lrs.save_statement(statement)
check("save_statement succeeds", saved.success, saved.data)
statement_id = str(saved.content.id) if saved.success else None

fetched = lrs.retrieve_statement(statement_id) if statement_id else None
check("retrieve_statement returns the stored statement",
      fetched is not None and fetched.success and str(fetched.content.id) == statement_id
      and fetched.content.result.score.scaled == 0.92,
      getattr(fetched, "data", None))

batch = [Statement(actor=learner, verb=completed,
                   object=Activity(id=f"https://example.com/modules/{run}/{number}")) for number in range(25)]
saved_batch = lrs.save_statements(batch)
check("save_statements stores a batch of 25", saved_batch.success and len(saved_batch.content) == 25,
      saved_batch.data)

query = lrs.query_statements({"agent": learner, "verb": completed, "limit": 10})
check("query_statements filters by agent and verb", query.success and len(query.content.statements) == 10,
      query.data)
seen = [str(s.id) for s in query.content.statements] if query.success else []
more = query.content.more if query.success else None
while more:
    page = lrs.more_statements(more)
    if not page.success:
        break
    seen += [str(s.id) for s in page.content.statements]
    more = page.content.more
check("more_statements walks every page exactly once", len(seen) == 26 and len(set(seen)) == 26,
      f"{len(seen)} seen, {len(set(seen))} distinct")

by_activity = lrs.query_statements({"activity": course})
check("query_statements filters by activity",
      by_activity.success and [str(s.id) for s in by_activity.content.statements] == [statement_id],
      by_activity.data)

passed = sum(checks)
print(f"{passed} passed, {len(checks) - passed} failed")
sys.exit(0 if passed == len(checks) else 1)
