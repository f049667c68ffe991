#include "lookup_client.hpp"

#include <charconv>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <coronet/blocking_call.hpp>
#include <coronet/http/percent.hpp>
#include <coronet/task.hpp>
#include <coronet/tcp/socket_stream.hpp>

namespace coronet_dictionary_app {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace json = boost::json;
using asio::ip::tcp;
using asio::ip::udp;
using coronet::task;
using kind = lookup_answer::kind;

std::string miss_text(std::string_view word, const std::vector<std::string>& suggestions) {
    std::string text = fmt::format("not found: {}", word);
    for (std::size_t i = 0; i < suggestions.size(); ++i) text.append(i ? ", " : "; did you mean: ").append(suggestions[i]);
    return text;
}

// The shared part: an io_context of our own, run for one lookup at a time until it is answered
// or the deadline passes (then the lookup is cancelled and the connection dropped).
class client_base : public lookup_client {
public:
    client_base(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
        : host_(std::move(host)), port_(port), timeout_(timeout) {}

    lookup_answer lookup(std::string_view word) final {
        if (word.find_first_of("\r\n") != std::string_view::npos) return {kind::error, "error: a word has no line breaks"};
        // A kept connection may have been closed by the server meanwhile (its idle timeout):
        // then one more try on a fresh one.
        bool reused = connected();
        try {
            return run(word);
        } catch (const std::exception&) {
            disconnect();
            if (!reused) throw;
        }
        return run(word);
    }

protected:
    virtual bool connected() const = 0;
    virtual void disconnect() = 0;
    virtual task<lookup_answer> ask(std::string word) = 0;

    asio::io_context ctx_;
    std::string host_;
    std::uint16_t port_;

private:
    lookup_answer run(std::string_view word) {
        auto answer = coronet::blocking_call(ctx_, ask(std::string(word)), timeout_);
        if (!answer) {
            disconnect();   // the next lookup starts afresh
            throw std::runtime_error(fmt::format("no answer from {}:{} within {} ms", host_, port_, timeout_.count()));
        }
        return std::move(*answer);
    }

    std::chrono::milliseconds timeout_;
};

// One datagram out, one back: the reply is text for people, so its kind is read from its start.
class udp_client final : public client_base {
public:
    using client_base::client_base;

private:
    bool connected() const override { return socket_.has_value(); }
    void disconnect() override { socket_.reset(); }
    task<lookup_answer> ask(std::string word) override {
        if (!socket_) {
            udp::resolver resolver{ctx_};
            auto found = co_await resolver.async_resolve(host_, std::to_string(port_), asio::use_awaitable);
            socket_.emplace(ctx_);
            // Connected: only the server's datagrams are taken, and an ICMP "port unreachable"
            // comes back as "connection refused" instead of silence.
            co_await socket_->async_connect(*found.begin(), asio::use_awaitable);
        }
        co_await socket_->async_send(asio::buffer(word), asio::use_awaitable);
        std::string reply(65'536, '\0');
        reply.resize(co_await socket_->async_receive(asio::buffer(reply), asio::use_awaitable));
        kind status = kind::found;
        if (reply.starts_with("not found: ")) status = kind::not_found;
        else if (reply.starts_with("error: ") && !reply.starts_with(word + ": ")) status = kind::error;
        co_return lookup_answer{status, std::move(reply)};
    }
    std::optional<udp::socket> socket_;
};

// The line protocol: "WORD\n" out, "STATUS SIZE\n" and SIZE bytes of body back.
class tcp_client final : public client_base {
public:
    using client_base::client_base;

private:
    bool connected() const override { return socket_.has_value(); }
    void disconnect() override {
        socket_.reset();
        buffer_.clear();
    }
    task<lookup_answer> ask(std::string word) override {
        if (!socket_) socket_.emplace(co_await coronet::tcp::connect(host_, port_));
        word.push_back('\n');
        co_await asio::async_write(*socket_, asio::buffer(word), asio::use_awaitable);
        std::size_t head_end = co_await asio::async_read_until(*socket_, asio::dynamic_buffer(buffer_), '\n', asio::use_awaitable);
        std::string_view head(buffer_.data(), head_end - 1);
        auto space = head.find(' ');
        std::size_t size = 0;
        auto digits = head.substr(space == std::string_view::npos ? head.size() : space + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
        if (space == std::string_view::npos || ec != std::errc{} || end != digits.data() + digits.size() || size > 16 << 20)
            throw std::runtime_error(fmt::format("not a dictionary answer: {:?}", std::string(head.substr(0, 80))));
        std::string status(head.substr(0, space));
        if (buffer_.size() < head_end + size)
            co_await asio::async_read(*socket_, asio::dynamic_buffer(buffer_),
                                      asio::transfer_at_least(head_end + size - buffer_.size()), asio::use_awaitable);
        std::string body = buffer_.substr(head_end, size);
        buffer_.erase(0, head_end + size);
        if (!body.empty()) body.pop_back();   // every body line ends in "\n"
        co_return to_answer(status, body);
    }

    static lookup_answer to_answer(std::string_view status, std::string_view body) {
        auto first_line_end = std::min(body.find('\n'), body.size());
        std::string_view first = body.substr(0, first_line_end);
        std::string_view rest = body.substr(std::min(first_line_end + 1, body.size()));
        if (status == "found") return {kind::found, fmt::format("{}: {}", first, rest)};
        if (status == "not-found") {
            std::vector<std::string> near;
            for (std::size_t at = 0; at < rest.size();) {
                auto next = std::min(rest.find('\n', at), rest.size());
                near.emplace_back(rest.substr(at, next - at));
                at = next + 1;
            }
            return {kind::not_found, miss_text(first, near)};
        }
        return {kind::error, fmt::format("error: {}", body)};
    }

    std::optional<tcp::socket> socket_;
    std::string buffer_;
};

// GET /words/WORD with Accept: application/json, on a keep-alive connection.
class http_client final : public client_base {
public:
    using client_base::client_base;

private:
    bool connected() const override { return socket_.has_value(); }
    void disconnect() override {
        socket_.reset();
        buffer_.clear();
    }
    task<lookup_answer> ask(std::string word) override {
        if (!socket_) socket_.emplace(co_await coronet::tcp::connect(host_, port_));
        namespace bh = beast::http;
        bh::request<bh::empty_body> req{bh::verb::get, "/words/" + coronet::http::percent_encode(word), 11};
        req.set(bh::field::host, fmt::format("{}:{}", host_, port_));
        req.set(bh::field::accept, "application/json");
        co_await bh::async_write(*socket_, req, asio::use_awaitable);
        bh::response<bh::string_body> res;
        co_await bh::async_read(*socket_, buffer_, res, asio::use_awaitable);
        if (!res.keep_alive()) disconnect();
        co_return to_answer(res.result_int(), res.body(), word);
    }

    static lookup_answer to_answer(unsigned status, const std::string& body, std::string_view word) {
        json::error_code ec;
        auto doc = json::parse(body, ec);
        const json::object* o = !ec ? doc.if_object() : nullptr;
        auto text_of = [&](std::string_view key) -> std::string {
            const json::value* v = o ? o->if_contains(key) : nullptr;
            return v && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        if (status == 200 && o) return {kind::found, fmt::format("{}: {}", text_of("word"), text_of("explanation"))};
        const json::value* near = o ? o->if_contains("suggestions") : nullptr;
        if (status == 404 && near && near->is_array()) {
            std::vector<std::string> words;
            for (const auto& w : near->get_array())
                if (w.is_string()) words.emplace_back(w.get_string());
            return {kind::not_found, miss_text(word, words)};
        }
        auto message = text_of("error");
        return {kind::error, fmt::format("error: HTTP {}{}{}", status, message.empty() ? "" : ": ", message)};
    }

    std::optional<tcp::socket> socket_;
    beast::flat_buffer buffer_;
};

}  // namespace

std::unique_ptr<lookup_client> make_lookup_client(via protocol, std::string host, std::uint16_t port,
                                                  std::chrono::milliseconds timeout) {
    switch (protocol) {
    case via::udp: return std::make_unique<udp_client>(std::move(host), port, timeout);
    case via::tcp: return std::make_unique<tcp_client>(std::move(host), port, timeout);
    case via::http: return std::make_unique<http_client>(std::move(host), port, timeout);
    }
    throw std::invalid_argument("unknown protocol");
}

}  // namespace coronet_dictionary_app
