#include "echo_client.hpp"

#include <exception>
#include <stdexcept>

#include <fmt/format.h>

#include <coronet/blocking_call.hpp>

namespace coronet_echo_app {

namespace asio = boost::asio;
using coronet::task;
using coronet::handlers::echo_mode;

// The socket and the readers on it: readers keep bytes read past one answer for the next.
struct echo_client::connection {
    explicit connection(asio::ip::tcp::socket s) : socket(std::move(s)), stream(socket), lines(stream), frames(stream) {}
    asio::ip::tcp::socket socket;
    coronet::tcp::socket_stream stream;
    coronet::line_reader lines;
    coronet::frame_reader frames;
};

echo_client::echo_client(echo_mode mode, std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : mode_(mode), host_(std::move(host)), port_(port), timeout_(timeout) {}

echo_client::~echo_client() = default;

std::string echo_client::exchange(std::string_view message) {
    if (mode_ == echo_mode::lines && message.find('\n') != std::string_view::npos)
        throw std::invalid_argument("a line cannot hold a line break");
    if (mode_ == echo_mode::raw && message.empty()) return {};   // nothing to send, nothing comes back
    std::optional<std::string> answer;
    try {
        answer = coronet::blocking_call(ctx_, ask(std::string(message)), timeout_);
    } catch (const boost::system::system_error& e) {
        connection_.reset();
        throw std::runtime_error(e.code().message());   // without Asio's source location
    } catch (...) {
        connection_.reset();
        throw;
    }
    if (!answer) {
        connection_.reset();
        throw std::runtime_error(fmt::format("no answer from {}:{} within {} ms", host_, port_, timeout_.count()));
    }
    // The server closes after an error answer: the next message needs a new connection.
    if (*answer != message) connection_.reset();
    return std::move(*answer);
}

task<std::string> echo_client::ask(std::string message) {
    if (!connection_) connection_ = std::make_unique<connection>(co_await coronet::tcp::connect(host_, port_));
    auto& c = *connection_;
    std::optional<std::string> answer;
    switch (mode_) {
    case echo_mode::raw: co_return co_await ask_raw(c, std::move(message));
    case echo_mode::lines:
        co_await coronet::write_line(c.stream, message);
        answer = co_await c.lines.next();
        break;
    case echo_mode::frames:
        co_await coronet::write_frame(c.stream, message);
        answer = co_await c.frames.next();
        break;
    }
    if (!answer) throw std::runtime_error("the server closed the connection without an answer");
    co_return std::move(*answer);
}

// Raw bytes have no end mark: the echo is complete once as many bytes came back as were sent.
task<std::string> echo_client::ask_raw(connection& c, std::string message) {
    co_await c.stream.write(asio::buffer(message));
    std::string answer(message.size(), '\0');
    for (std::size_t got = 0; got < answer.size();) {
        auto n = co_await c.stream.read_some(asio::buffer(answer.data() + got, answer.size() - got));
        if (n == 0)
            throw std::runtime_error(
                fmt::format("the server closed the connection after {} of {} bytes", got, answer.size()));
        got += n;
    }
    co_return answer;
}

}  // namespace coronet_echo_app
