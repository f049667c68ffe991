#pragma once
// One member's session with a coronet-chat server, for coronet-chat-client: joins (retrying,
// as a datagram may be lost), prints what arrives, sends what is typed, beats every
// `heartbeat`, joins again if the server forgot it (it restarted, or timed the client out),
// and leaves (waiting a moment for the BYE) on /quit, end of input or a signal.
// Everything runs on one io_context.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <coronet/task.hpp>

namespace coronet_chat_app {

class chat_session {
public:
    chat_session(boost::asio::io_context& ctx, boost::asio::ip::udp::endpoint server, std::string name,
                 std::chrono::milliseconds heartbeat);

    // Starts joining; the session then runs on the io_context, which it stops at its end.
    void start();
    bool joined() const { return state_ == state::joined; }
    void typed(std::string_view line);
    void leave();               // /quit, end of input, SIGINT/SIGTERM
    int status() const { return status_; }
    std::function<void()> on_joined;     // called once, at the first WELCOME

private:
    enum class state { joining, joined, leaving, done };

    coronet::task<void> receive_loop();
    coronet::task<void> beat();
    void received(std::string_view datagram);
    void send(std::string_view datagram);
    void try_join(int attempts_left);
    void finish(int status);
    void print(std::string_view line);

    boost::asio::io_context& ctx_;
    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint server_;
    std::string name_;
    std::chrono::milliseconds heartbeat_;
    boost::asio::steady_timer deadline_;     // the wait for WELCOME or BYE
    boost::asio::steady_timer beats_;
    state state_ = state::joining;
    bool told_unreachable_ = false;
    int status_ = 0;
};

}  // namespace coronet_chat_app
