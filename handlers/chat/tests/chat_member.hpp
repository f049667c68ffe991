#pragma once
// A chat room member for tests: its own UDP socket on 127.0.0.1, speaking to one server, and
// waiting for datagrams with deadlines. Used by chat_server_test and tests/chat_app_test.
#include <poll.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace coronet::testing {

class chat_member {
public:
    explicit chat_member(std::uint16_t server_port)
        : socket_(ctx_, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
          server_(boost::asio::ip::make_address("127.0.0.1"), server_port) {}

    void send(std::string_view datagram) { socket_.send_to(boost::asio::buffer(datagram.data(), datagram.size()), server_); }

    // The next datagram within `limit`, std::nullopt if none came.
    std::optional<std::string> next(std::chrono::milliseconds limit = std::chrono::seconds(5)) {
        pollfd p{socket_.native_handle(), POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return std::nullopt;
        std::string data(65'536, '\0');
        boost::asio::ip::udp::endpoint from;
        data.resize(socket_.receive_from(boost::asio::buffer(data), from));
        return data;
    }

    // Sends `datagram` and returns the first answer (or "(nothing)").
    std::string ask(std::string_view datagram) {
        send(datagram);
        return next().value_or("(nothing)");
    }

    // Skips datagrams until one starts with `prefix`; "(nothing)" if none came within `limit`.
    std::string wait_for(std::string_view prefix, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
        auto deadline = std::chrono::steady_clock::now() + limit;
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return "(nothing)";
            auto got = next(left);
            if (!got) return "(nothing)";
            if (got->starts_with(prefix)) return *got;
        }
    }

private:
    boost::asio::io_context ctx_;
    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint server_;
};

}  // namespace coronet::testing
