#include "chat_session.hpp"

#include <iostream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include <coronet/handlers/chat_terminal.hpp>

namespace coronet_chat_app {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using coronet::handlers::terminal_input;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr int join_attempts = 3;
constexpr auto answer_wait = 1s;    // for each JOIN's WELCOME, and for LEAVE's BYE
}  // namespace

chat_session::chat_session(asio::io_context& ctx, asio::ip::udp::endpoint server, std::string name,
                           std::chrono::milliseconds heartbeat)
    : ctx_(ctx), socket_(ctx), server_(std::move(server)), name_(std::move(name)), heartbeat_(heartbeat),
      deadline_(ctx), beats_(ctx) {}

void chat_session::start() {
    // Connected: only the server's datagrams arrive, and an ICMP "port unreachable" shows as an error.
    socket_.connect(server_);
    asio::co_spawn(ctx_, receive_loop(), asio::detached);
    try_join(join_attempts);
}

void chat_session::try_join(int attempts_left) {
    state_ = state::joining;
    send(fmt::format("JOIN {}", name_));
    deadline_.expires_after(answer_wait);
    deadline_.async_wait([this, attempts_left](boost::system::error_code ec) {
        if (ec || state_ != state::joining) return;
        if (attempts_left > 1) return try_join(attempts_left - 1);
        std::cerr << fmt::format("no answer from a chat server at {}:{}\n", server_.address().to_string(), server_.port());
        finish(1);
    });
}

void chat_session::typed(std::string_view line) {
    auto input = coronet::handlers::read_terminal_line(line);
    switch (input.what) {
    case terminal_input::action::send:
        if (state_ == state::joined) send(input.datagram);
        else print("! not in the room (yet): not sent");
        break;
    case terminal_input::action::quit: leave(); break;
    case terminal_input::action::help: print(coronet::handlers::terminal_help()); break;
    case terminal_input::action::ignore: break;
    }
}

void chat_session::leave() {
    if (state_ == state::leaving || state_ == state::done) return;
    state_ = state::leaving;
    send("LEAVE");
    deadline_.expires_after(answer_wait);
    deadline_.async_wait([this](boost::system::error_code ec) {
        if (!ec) finish(0);     // no BYE: the server is gone, or it was lost; either way, done
    });
}

void chat_session::received(std::string_view datagram) {
    auto line = coronet::handlers::display_chat_datagram(datagram);
    if (line) print(*line);
    bool bye = datagram == "BYE" || datagram.starts_with("BYE ");
    switch (state_) {
    case state::joining:
        if (datagram.starts_with("WELCOME ")) {
            state_ = state::joined;
            deadline_.cancel();
            if (on_joined) std::exchange(on_joined, nullptr)();
            asio::co_spawn(ctx_, beat(), asio::detached);
        } else if (datagram.starts_with("ERROR ")) {
            finish(1);
        }
        break;
    case state::joined:
        // Forgotten by the server (it restarted, or did not hear our heartbeats): back in.
        if (datagram.starts_with("ERROR not joined") || datagram == "BYE timed out") {
            print(fmt::format("* joining again as {}", name_));
            try_join(join_attempts);
        } else if (bye) {
            finish(0);
        }
        break;
    case state::leaving:
        if (bye || datagram.starts_with("ERROR ")) finish(0);
        break;
    case state::done: break;
    }
}

coronet::task<void> chat_session::receive_loop() {
    std::string buffer(65'536, '\0');
    for (;;) {
        auto [ec, n] = co_await socket_.async_receive(asio::buffer(buffer), nothrow);
        if (state_ == state::done || ec == asio::error::operation_aborted) co_return;
        if (ec == asio::error::connection_refused) {
            if (!std::exchange(told_unreachable_, true))
                print(fmt::format("! no chat server answers at {}:{}", server_.address().to_string(), server_.port()));
            continue;
        }
        if (ec) {
            std::cerr << fmt::format("receive failed: {}\n", ec.message());
            finish(1);
            co_return;
        }
        told_unreachable_ = false;
        received(std::string_view(buffer.data(), n));
    }
}

coronet::task<void> chat_session::beat() {
    for (;;) {
        beats_.expires_after(heartbeat_);
        auto [ec] = co_await beats_.async_wait(nothrow);
        if (ec || state_ == state::done || state_ == state::leaving) co_return;
        if (state_ == state::joined) send("PING");
    }
}

void chat_session::send(std::string_view datagram) {
    boost::system::error_code ignored;   // a refusal (no server) shows on the receive side
    socket_.send(asio::buffer(datagram.data(), datagram.size()), 0, ignored);
}

void chat_session::finish(int status) {
    if (state_ == state::done) return;
    state_ = state::done;
    status_ = status;
    deadline_.cancel();
    beats_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    ctx_.stop();
}

void chat_session::print(std::string_view line) { std::cout << line << '\n' << std::flush; }

}  // namespace coronet_chat_app
