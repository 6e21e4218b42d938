"""Checks the dashboards in a real headless browser (Debian's chromium and chromium-driver, via selenium).

Usage: python3 dashboards_browser.py BASE_URL KEY SECRET EXPECTED_JSON SCREENSHOT_DIR [AGGREGATE_KEY:SECRET]
BASE_URL is the gateway's root (http://127.0.0.1:8080); KEY and SECRET have learner access (all, all/read or
dashboards/learners); EXPECTED_JSON is the intelligence service's GetMeasures answer for everything (from
`flywheel call intelligence GetMeasures '{}'`), so the numbers on the page are compared with the service's
own. AGGREGATE_KEY:SECRET, when given, has the `dashboards` scope only: its pages must name no learner.
Prints one line per check and "N passed, M failed".
"""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

base, key, secret, expected_path, shots = sys.argv[1:6]
aggregate = sys.argv[6] if len(sys.argv) > 6 else ""
expected = json.load(open(expected_path)).get("total", {})
os.makedirs(shots, exist_ok=True)
checks = []


def check(name, condition, detail=""):
    checks.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f"  ({detail})"))


options = Options()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"):
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
token = base64.b64encode(f"{key}:{secret}".encode()).decode()
driver.execute_cdp_cmd("Network.enable", {})
driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {token}"}})


def visit(path, shot):
    driver.get(base + path)
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    driver.save_screenshot(os.path.join(shots, shot))
    return errors


def status_of(path, pair):
    request = urllib.request.Request(
        base + path, headers={"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()})
    try:
        return urllib.request.urlopen(request, timeout=20).status
    except urllib.error.HTTPError as error:
        return error.code


def number(element_id):
    text = driver.find_element(By.ID, element_id).text
    return float(text.replace("%", "").replace(",", "").split()[0])


try:
    errors = visit("/dashboards/", "overview.png")
    check("the overview loads with no console errors", driver.title and not errors, errors)
    charts = driver.find_elements(By.CSS_SELECTOR, "figure svg")
    check("the overview draws its charts as SVG", len(charts) >= 3, f"{len(charts)} charts")
    check("every chart has a text alternative",
          all(svg.find_elements(By.TAG_NAME, "title") and svg.find_elements(By.TAG_NAME, "desc") for svg in charts))
    check("the launches figure is the intelligence service's", number("kpi-launches") == expected.get("launches"),
          f"page {number('kpi-launches')}, service {expected.get('launches')}")
    check("the active-learner figure is the service's",
          number("kpi-active-learners") == expected.get("activeLearners"),
          f"page {number('kpi-active-learners')}, service {expected.get('activeLearners')}")
    total_launches = number("kpi-launches")

    # A filter lives in the URL and changes the numbers.
    point = driver.find_element(By.CSS_SELECTOR, "#launches-trend a")
    first_point = urljoin(base + "/dashboards/", driver.execute_script("return arguments[0].getAttribute('href')", point))
    driver.get(first_point)
    filtered = number("kpi-launches")
    driver.save_screenshot(os.path.join(shots, "overview-filtered.png"))
    check("a drill-down into one period narrows the launches", 0 < filtered < total_launches,
          f"{filtered} of {total_launches} at {first_point}")
    check("the filter is in the URL", "from=" in driver.current_url and "to=" in driver.current_url, driver.current_url)

    # Drill down from the overview into a course, a segment and a learner.
    for label, selector, shot in [("course", "a[href*='/dashboards/courses/']", "course.png"),
                                  ("segment", "a[href*='/dashboards/segments/']", "segment.png"),
                                  ("learner", "a[href*='/dashboards/learners/']", "learner.png")]:
        visit("/dashboards/", "overview.png")
        links = driver.find_elements(By.CSS_SELECTOR, selector)
        if not links:
            check(f"the overview links to a {label} page", False, "no link")
            continue
        target = urljoin(base + "/dashboards/", driver.execute_script("return arguments[0].getAttribute('href')", links[0]))
        links[0].click()
        errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        driver.save_screenshot(os.path.join(shots, shot))
        check(f"the {label} page opens from a link with no console errors",
              driver.current_url == target and not errors and driver.find_elements(By.TAG_NAME, "h1"),
              f"{driver.current_url} {errors}")

    # New statements reach an open page: it reloads itself once intelligence has applied them.
    visit("/dashboards/", "overview.png")
    driver.execute_script("window.flywheelBeforeReload = true;")
    before = number("kpi-launches")
    statement = {
        "actor": {"objectType": "Agent", "account": {"homePage": "https://checks.example", "name": "browser-check"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/launched", "display": {"en-US": "launched"}},
        "object": {"objectType": "Activity", "id": "https://checks.example/activities/refresh"},
    }
    request = urllib.request.Request(
        base + "/xapi/statements", data=json.dumps(statement).encode(), method="POST",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3",
                 "Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()
    reloaded = False
    deadline = time.time() + 40
    while time.time() < deadline and not reloaded:
        time.sleep(0.5)
        try:
            reloaded = driver.execute_script(
                "return window.flywheelBeforeReload === undefined && document.readyState === 'complete';")
        except Exception:
            pass  # the page is between documents
    after = number("kpi-launches") if reloaded else before
    driver.save_screenshot(os.path.join(shots, "overview-reloaded.png"))
    check("an open page reloads itself with the new statement once intelligence applies it",
          reloaded and after == before + 1, f"reloaded={reloaded}, launches {before} then {after}")

    if aggregate:
        # The same browser with a stakeholder's credential: figures yes, learners no.
        learner_page = urljoin(base + "/dashboards/", driver.execute_script(
            "return arguments[0].getAttribute('href')",
            driver.find_element(By.CSS_SELECTOR, "a[href*='/dashboards/learners/']")))
        stakeholder = base64.b64encode(aggregate.encode()).decode()
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {stakeholder}"}})
        errors = visit("/dashboards/", "overview-aggregate.png")
        check("aggregate access loads the overview with no console errors", driver.title and not errors, errors)
        check("aggregate access sees the same launches", number("kpi-launches") == after,
              f"page {number('kpi-launches')}, expected {after}")
        named = driver.find_elements(By.CSS_SELECTOR, "a[href*='/dashboards/learners/']")
        check("aggregate access sees no link to a learner", not named, f"{len(named)} links")
        segment = driver.find_elements(By.CSS_SELECTOR, "a[href*='/dashboards/segments/']")
        if segment:
            segment[0].click()
            errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            driver.save_screenshot(os.path.join(shots, "segment-aggregate.png"))
            check("aggregate access counts who is behind without names",
                  not errors and "members have no completion" in driver.page_source
                  and not driver.find_elements(By.CSS_SELECTOR, "a[href*='/dashboards/learners/']"), errors)
        else:
            check("aggregate access sees a segment link", False, "no link")
        check("aggregate access gets 403 on a learner page",
              status_of(learner_page[len(base):], aggregate) == 403, learner_page)
finally:
    driver.quit()

passed = sum(checks)
print(f"{passed} passed, {len(checks) - passed} failed")
sys.exit(0 if passed == len(checks) else 1)
