#pragma once
// coronet-echo-client's side of the three echo modes: one message at a time, each with a
// deadline, over a connection kept open between messages (and opened again after the server
// closed it, as it does after an error answer).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <coronet/handlers/echo.hpp>
#include <coronet/task.hpp>
#include <coronet/tcp/framing.hpp>
#include <coronet/tcp/socket_stream.hpp>

namespace coronet_echo_app {

class echo_client {
public:
    echo_client(coronet::handlers::echo_mode mode, std::string host, std::uint16_t port, std::chrono::milliseconds timeout);
    ~echo_client();

    // Sends `message` (raw: its bytes; lines: as one line, so without "\n"; frames: as one
    // frame) and returns the answer: the echo, or the server's error. Throws
    // std::runtime_error when the server cannot be reached, closes early or is too slow.
    std::string exchange(std::string_view message);

private:
    struct connection;
    coronet::task<std::string> ask(std::string message);
    coronet::task<std::string> ask_raw(connection& c, std::string message);

    coronet::handlers::echo_mode mode_;
    std::string host_;
    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    boost::asio::io_context ctx_;
    std::unique_ptr<connection> connection_;
};

}  // namespace coronet_echo_app
