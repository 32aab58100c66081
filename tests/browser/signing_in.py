"""Signing in through the login form, as the browser tests' users do (the `users` fixture's password)."""

PASSWORD = "correct-horse-battery-staple"


def log_in(page, live_server, next_url, username="office"):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
