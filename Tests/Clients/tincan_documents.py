"""Saves and retrieves xAPI documents through Flywheel with TinCanPython, an unmodified xAPI client.

Usage: python3 tincan_documents.py ENDPOINT KEY SECRET
Prints one line per check and a closing "N passed, M failed" line; exits non-zero on any failure.
"""
import json
import sys
import uuid

from tincan import (Activity, ActivityProfileDocument, Agent, AgentProfileDocument, RemoteLRS, StateDocument)

endpoint, key, secret = sys.argv[1], sys.argv[2], sys.argv[3]
lrs = RemoteLRS(version="1.0.3", endpoint=endpoint, username=key, password=secret)
checks = []


def check(name, condition, detail=""):
    checks.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f"  ({detail})"))


run = uuid.uuid4().hex[:8]
learner = Agent(name="Ana", mbox=f"mailto:ana-docs-{run}@example.com")
course = Activity(id=f"https://example.com/courses/resume-{run}")
# TinCanPython 1.0.0's save_state sends no registration parameter, so these documents have none.
state = StateDocument(activity=course, agent=learner, id="bookmark",
                      content=json.dumps({"page": 7, "answers": [1, 2]}), content_type="application/json")
saved = lrs.save_state(state)
check("save_state stores a resume document", saved.success, saved.data)

fetched = lrs.retrieve_state(course, learner, "bookmark")
content = fetched.content.content if fetched.success else b""
check("retrieve_state returns it byte for byte",
      fetched.success and json.loads(content) == {"page": 7, "answers": [1, 2]}, getattr(fetched, "data", None))
# TinCanPython 1.0.0 looks response headers up in a list of pairs, so it never sees an ETag; read it directly.
etag = fetched.response.getheader("ETag") if fetched.success else None
check("retrieve_state's response carries an ETag", bool(etag) and etag.startswith('"'), etag)

ids = lrs.retrieve_state_ids(course, learner)
check("retrieve_state_ids lists the document", ids.success and ids.content == ["bookmark"], ids.data)

# TinCanPython sends document bodies as Latin-1 text, so the non-JSON content here is plain ASCII text.
text = "notes: step 3 done; retry the quiz tomorrow\n"
note = StateDocument(activity=course, agent=learner, id="notes", content=text, content_type="text/plain; charset=utf-8")
check("save_state stores non-JSON content", lrs.save_state(note).success)
back = lrs.retrieve_state(course, learner, "notes")
check("non-JSON content comes back byte for byte",
      back.success and bytes(back.content.content) == text.encode("utf-8"), getattr(back, "data", "")[:80])

profile = ActivityProfileDocument(activity=course, id="settings", content='{"difficulty": "hard"}',
                                  content_type="application/json")
check("save_activity_profile stores a profile", lrs.save_activity_profile(profile).success)
got = lrs.retrieve_activity_profile(course, "settings")
check("retrieve_activity_profile returns it",
      got.success and json.loads(got.content.content) == {"difficulty": "hard"}, getattr(got, "data", None))

agent_profile = AgentProfileDocument(agent=learner, id="preferences", content='{"language": "pt-BR"}',
                                     content_type="application/json")
check("save_agent_profile stores a profile", lrs.save_agent_profile(agent_profile).success)
mine = lrs.retrieve_agent_profile(learner, "preferences")
check("retrieve_agent_profile returns it",
      mine.success and json.loads(mine.content.content) == {"language": "pt-BR"}, getattr(mine, "data", None))

deleted = lrs.delete_agent_profile(mine.content) if mine.success else None
check("delete_agent_profile removes it", deleted is not None and deleted.success, getattr(deleted, "data", None))
gone = lrs.retrieve_agent_profile(learner, "preferences")
check("a deleted profile is not found", gone.response.status == 404, getattr(gone, "data", None))

check("delete_state removes the resume document", lrs.delete_state(state).success)

passed = sum(checks)
print(f"{passed} passed, {len(checks) - passed} failed")
sys.exit(0 if passed == len(checks) else 1)
