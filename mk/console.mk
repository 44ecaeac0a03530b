# The local console's browser test drives Debian's Chromium. Where apt-get
# is there and no Chromium is, it is installed; elsewhere the test is
# skipped with a message saying why.

.PHONY: browser

browser: ## install Chromium (Debian's package) for the console's browser test, where apt is available
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "no apt-get: the console's browser test will be skipped"; exit 0; fi; \
	SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium
