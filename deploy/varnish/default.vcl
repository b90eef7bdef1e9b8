vcl 4.1;
# Varnish in front of the app (Varnish 7 with varnish-modules for xkey).
#
# What it keeps: GET and HEAD responses the app marks as shareable: status 200 or 410,
# `Cache-Control: public`, an `xkey` header naming what the page shows, and no
# Set-Cookie. Everything else, and all of /admin/, goes to the app every time.
#
# For how long: at most one second, with no grace, so no page of ours is served more
# than a second after it changed, whatever happens to a purge. It is then kept (`keep`)
# only to ask the app again with If-None-Match, which answers an unchanged page with a
# cheap 304.
#
# Purging: `PURGE /` with header `xkey-purge: compound-12 compound-list` removes every
# object tagged with any of those tags, at once; only addresses in `purgers` may do it.
# The app purges after each publication, confirmation and take-down
# (public/purge.py, FRONTEND_CACHE_PURGE_URLS).
#
# Hosts: the cache is keyed by Host and URL (Varnish's default), so a request with a
# Host the app refuses never finds a cached page; it reaches the app, which answers
# 400, and that is never kept. Pages build their absolute URLs from SITE_URL, never
# from the Host header.
#
# The `xkey` header is removed from what clients get: tag names are for purging only.
# Add `X-Cache: HIT` or `MISS` so a reader of the headers can tell (from obj.hits).

import xkey;

# The app server. `make varnish` runs it here.
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    .between_bytes_timeout = 10s;
}

# Addresses allowed to purge: the app's own servers and workers. Add yours.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to purge in xkey-purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # Public pages read no cookie, so a reader's cookies do not stop a lookup; whether
    # a response may be kept is the app's to say (vcl_backend_response).
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if ((beresp.status != 200 && beresp.status != 410)
        || beresp.http.Set-Cookie
        || !beresp.http.xkey
        || beresp.http.Cache-Control !~ "(^|[ ,])public($|[ ,])"
        || beresp.http.Cache-Control ~ "private|no-cache|no-store"
        || beresp.http.Vary == "*") {
        # Remember for a minute not to wait for other requests to this URL.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    if (beresp.ttl > 1s) { set beresp.ttl = 1s; }
    set beresp.grace = 0s;
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
}
