#include "stdin_lines.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <boost/asio/post.hpp>

namespace coronet_chat_app {

stdin_lines::stdin_lines(boost::asio::io_context& ctx, std::function<void(std::string)> on_line, std::function<void()> on_end) {
    if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    thread_ = std::thread([this, &ctx, on_line = std::move(on_line), on_end = std::move(on_end)] { read(ctx, on_line, on_end); });
}

stdin_lines::~stdin_lines() {
    char byte = 0;
    [[maybe_unused]] auto n = ::write(wake_[1], &byte, 1);
    thread_.join();
    ::close(wake_[0]);
    ::close(wake_[1]);
}

void stdin_lines::read(boost::asio::io_context& ctx, const std::function<void(std::string)>& on_line,
                       const std::function<void()>& on_end) {
    std::string pending;
    char buffer[4096];
    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents) return;     // stopped: nothing more is handed over
        auto n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        pending.append(buffer, static_cast<std::size_t>(n));
        for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
            boost::asio::post(ctx, [on_line, line = pending.substr(0, newline)] { on_line(line); });
            pending.erase(0, newline + 1);
        }
    }
    if (!pending.empty()) boost::asio::post(ctx, [on_line, line = std::move(pending)] { on_line(line); });
    boost::asio::post(ctx, on_end);
}

}  // namespace coronet_chat_app
