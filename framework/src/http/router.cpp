#include <coronet/http/router.hpp>

#include <array>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include <coronet/http/percent.hpp>

namespace coronet::http {

namespace {

constexpr std::size_t method_count = known_methods.size();
std::size_t index_of(method m) { return static_cast<std::size_t>(m); }

std::vector<std::string_view> split_pattern(std::string_view pattern) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::invalid_argument(fmt::format("route pattern must start with '/': '{}'", pattern));
    std::vector<std::string_view> out;
    pattern.remove_prefix(1);
    for (;;) {
        auto slash = pattern.find('/');
        out.push_back(pattern.substr(0, slash));
        if (slash == std::string_view::npos) break;
        pattern.remove_prefix(slash + 1);
    }
    return out;
}

task<response> ready(response res) { co_return res; }

bool is_param(std::string_view s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool is_wildcard(std::string_view s) { return is_param(s) && s.ends_with("...}"); }

}  // namespace

struct router::impl {
    struct node {
        std::vector<std::pair<std::string, std::unique_ptr<node>>> statics;
        std::unique_ptr<node> param;
        std::string param_name;
        std::unique_ptr<node> wildcard;
        std::string wildcard_name;
        std::array<handler, method_count> handlers;
        std::shared_ptr<const impl> mounted;     // serves what lies below when nothing here does

        bool has_handlers() const {
            for (const auto& h : handlers)
                if (h) return true;
            return false;
        }
    };

    struct match {
        const node* target = nullptr;
        std::size_t consumed = 0;       // index of the first segment a mounted router sees
        bool mount = false;
    };

    node& insert(std::string_view pattern, bool allow_tail) {
        node* n = &root;
        auto segments = split_pattern(pattern);
        for (std::size_t i = 0; i < segments.size(); ++i) {
            auto seg = segments[i];
            if (is_wildcard(seg)) {
                if (!allow_tail || i + 1 != segments.size())
                    throw std::invalid_argument(fmt::format("'{}': a {{name...}} wildcard must be the last segment", pattern));
                auto name = seg.substr(1, seg.size() - 5);
                if (!n->wildcard) n->wildcard = std::make_unique<node>(), n->wildcard_name = name;
                if (n->wildcard_name != name)
                    throw std::invalid_argument(fmt::format("'{}': wildcard named both '{}' and '{}'", pattern, n->wildcard_name, name));
                n = n->wildcard.get();
            } else if (is_param(seg)) {
                auto name = seg.substr(1, seg.size() - 2);
                if (!n->param) n->param = std::make_unique<node>(), n->param_name = name;
                if (n->param_name != name)
                    throw std::invalid_argument(fmt::format("'{}': parameter named both '{}' and '{}'", pattern, n->param_name, name));
                n = n->param.get();
            } else {
                node* next = nullptr;
                for (auto& [text, child] : n->statics)
                    if (text == seg) next = child.get();
                if (!next) next = n->statics.emplace_back(std::string(seg), std::make_unique<node>()).second.get();
                n = next;
            }
        }
        return *n;
    }

    static std::string join(const std::vector<std::string>& segs, std::size_t from) {
        std::string out;
        for (std::size_t i = from; i < segs.size(); ++i) {
            if (i > from) out += '/';
            out += segs[i];
        }
        return out;
    }

    // Static segments first, then a parameter, then a wildcard, then a mounted router;
    // backtracks so /a/{x}/c still matches when /a/b exists.
    bool find(const node& n, const std::vector<std::string>& segs, std::size_t i, request& req, match& out) const {
        if (i == segs.size()) {
            if (n.has_handlers()) {
                out.target = &n;
                return true;
            }
        } else {
            for (const auto& [text, child] : n.statics)
                if (text == segs[i] && find(*child, segs, i + 1, req, out)) return true;
            if (n.param && !segs[i].empty()) {     // a parameter is a whole, non-empty segment
                auto& params = req.mutable_params();
                params.emplace_back(n.param_name, segs[i]);
                if (find(*n.param, segs, i + 1, req, out)) return true;
                params.pop_back();
            }
        }
        if (n.wildcard) {
            req.mutable_params().emplace_back(n.wildcard_name, join(segs, i));
            out.target = n.wildcard.get();
            return true;
        }
        if (n.mounted) {
            out = {&n, i, true};
            return true;
        }
        return false;
    }

    static std::string allow_header(const node& n) {
        std::string allow;
        auto add = [&](method m) {
            if (!allow.empty()) allow += ", ";
            allow += to_string(m);
        };
        for (auto m : known_methods) {
            bool has = n.handlers[index_of(m)] != nullptr;
            if (m == method::head) has = has || n.handlers[index_of(method::get)];
            if (m == method::options) has = true;
            if (has) add(m);
        }
        return allow;
    }

    // Matches the segments from `offset` on and runs the route (middleware already ran).
    // Not a coroutine: it hands back the handler's own task, so a request costs no extra frame.
    task<response> route(request& req, std::size_t offset) const {
        const auto& all = req.path_segments();
        // Match afresh each time: a middleware may call `next` more than once.
        req.mutable_params().clear();
        match m;
        if (!find(root, all, offset, req, m)) return ready(error_page(404));
        if (m.mount) {
            std::size_t sub_offset = m.consumed;
            // "/api" under a mount at "/api" is the sub-router's "/".
            if (sub_offset == all.size()) req.mutable_path_segments().emplace_back();
            return m.target->mounted->enter(req, sub_offset);
        }
        const node& n = *m.target;
        // The server answers unknown methods before routing; called directly, do the same.
        if (req.method() == method::unknown) return ready(error_page(501));
        const handler* h = &n.handlers[index_of(req.method())];
        if (!*h && req.method() == method::head) h = &n.handlers[index_of(method::get)];
        if (*h) return (*h)(req);
        response res = req.method() == method::options ? no_content() : error_page(405);
        res.headers.add("Allow", allow_header(n));
        return ready(std::move(res));
    }

    task<response> enter(request& req, std::size_t offset) const {
        if (middlewares.empty()) return route(req, offset);
        return enter_through_middleware(req, offset);
    }

    task<response> enter_through_middleware(request& req, std::size_t offset) const {
        handler inner = [this, offset](request& r) { return route(r, offset); };
        co_return co_await chain(req, 0, inner);
    }

    task<response> chain(request& req, std::size_t index, const handler& inner) const {
        if (index == middlewares.size()) co_return co_await inner(req);
        handler next = [this, index, &inner](request& r) { return chain(r, index + 1, inner); };
        co_return co_await middlewares[index](req, next);
    }

    node root;
    std::vector<http::middleware> middlewares;
};

router::router() : impl_(std::make_shared<impl>()) {}
router::~router() = default;
router::router(const router&) = default;
router& router::operator=(const router&) = default;

router& router::route(method m, std::string_view pattern, handler h) {
    if (m == method::unknown) throw std::invalid_argument("cannot route the unknown method");
    auto& slot = impl_->insert(pattern, true).handlers[index_of(m)];
    if (slot) throw std::invalid_argument(fmt::format("{} {} is already routed", to_string(m), pattern));
    slot = std::move(h);
    return *this;
}

router& router::use(middleware m) {
    impl_->middlewares.push_back(std::move(m));
    return *this;
}

router& router::mount(std::string_view prefix, router sub) {
    for (auto seg : split_pattern(prefix))
        if (is_param(seg)) throw std::invalid_argument(fmt::format("mount prefix '{}' must be static", prefix));
    if (prefix == "/") {
        impl_->root.mounted = sub.impl_;
        return *this;
    }
    auto& n = impl_->insert(prefix, false);
    if (n.mounted) throw std::invalid_argument(fmt::format("a router is already mounted at '{}'", prefix));
    n.mounted = std::move(sub.impl_);
    return *this;
}

task<response> router::handle(request& req) const {
    auto& segments = req.mutable_path_segments();
    segments.clear();
    req.mutable_params().clear();
    auto path = req.path();
    if (path.empty() || path.front() != '/') return ready(error_page(400, "The request target must be an absolute path."));
    path.remove_prefix(1);
    for (;;) {
        auto slash = path.find('/');
        auto decoded = percent_decode(path.substr(0, slash));
        if (!decoded) return ready(error_page(400, "Malformed percent-encoding in the path."));
        segments.push_back(std::move(*decoded));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return impl_->enter(req, 0);
}

}  // namespace coronet::http
