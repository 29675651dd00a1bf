package org.quantrac.portal.auth;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import org.quantrac.portal.api.Json;
import org.quantrac.portal.auth.Sessions.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /auth/login} (JSON {@code {"user","password"}} or a form), {@code POST /auth/logout},
 * {@code GET /auth/me}; and {@link #require(Role)} for protected routes: 401 without a session, 403 with the wrong role.
 */
public final class AuthRoutes {

    public static final String COOKIE = "qt_session";
    private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
    private static final String SESSION_KEY = "quantrac.session";

    private final Accounts accounts;
    private final Sessions sessions;
    private final WorkerExecutor workers;
    private final boolean secureCookie;

    public AuthRoutes(Accounts accounts, Sessions sessions, WorkerExecutor workers, boolean secureCookie) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.workers = workers;
        this.secureCookie = secureCookie;
    }

    public void register(Router router) {
        router.post("/auth/*").handler(BodyHandler.create().setBodyLimit(16 * 1024));
        router.post("/auth/login").handler(this::login);
        router.post("/auth/logout").handler(ctx -> {
            Cookie c = ctx.request().getCookie(COOKIE);
            sessions.remove(c == null ? null : c.getValue());
            ctx.response().addCookie(cookie("").setMaxAge(0));
            json(ctx, 200, Json.object(g -> g.writeBooleanField("loggedOut", true)));
        });
        router.get("/auth/me").handler(ctx -> {
            Optional<Session> s = session(ctx);
            if (s.isEmpty()) {
                json(ctx, 401, problem("not logged in"));
            } else {
                json(ctx, 200, Json.object(g -> {
                    g.writeStringField("user", s.get().user());
                    g.writeStringField("role", s.get().role().name());
                }));
            }
        });
    }

    private void login(RoutingContext ctx) {
        String user;
        String password;
        String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
        if (type.startsWith("application/json")) {
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (RuntimeException e) {
                body = null;
            }
            user = body == null ? null : body.getString("user");
            password = body == null ? null : body.getString("password");
        } else {
            user = ctx.request().getFormAttribute("user");
            password = ctx.request().getFormAttribute("password");
        }
        if (user == null || password == null) {
            json(ctx, 400, problem("send user and password (JSON or form fields)"));
            return;
        }
        String name = user;
        char[] secret = password.toCharArray();
        // PBKDF2 takes a noticeable fraction of a second on purpose: never on the event loop.
        workers.executeBlocking(() -> accounts.authenticate(name, secret), false).onComplete(ar -> {
            java.util.Arrays.fill(secret, '\0');
            if (ar.failed() || ar.result().isEmpty()) {
                LOG.debug("failed login for {}", name);
                json(ctx, 401, problem("wrong user name or password"));
                return;
            }
            Accounts.Account a = ar.result().get();
            String token = sessions.create(new Session(a.name(), a.role()));
            ctx.response().addCookie(cookie(token));
            json(ctx, 200, Json.object(g -> {
                g.writeStringField("user", a.name());
                g.writeStringField("role", a.role().name());
            }));
        });
    }

    private Cookie cookie(String value) {
        return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secureCookie)
                .setSameSite(CookieSameSite.STRICT);
    }

    /** Passes requests of a session with the role; else 401/403 as a problem document. */
    public Handler<RoutingContext> require(Role role) {
        return ctx -> {
            Optional<Session> s = session(ctx);
            if (s.isEmpty()) {
                json(ctx, 401, problem("log in first: POST /auth/login"));
            } else if (!s.get().role().allows(role)) {
                json(ctx, 403, problem("this needs the " + role.name().toLowerCase(java.util.Locale.ROOT)
                        + " role"));
            } else {
                ctx.put(SESSION_KEY, s.get());
                ctx.next();
            }
        };
    }

    public Optional<Session> session(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(COOKIE);
        return sessions.get(c == null ? null : c.getValue());
    }

    private static String problem(String detail) {
        return Json.object(g -> g.writeStringField("detail", detail));
    }

    private static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body);
    }
}
