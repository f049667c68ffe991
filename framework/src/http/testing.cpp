#include <coronet/http/testing.hpp>

#include <exception>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace coronet::http {

namespace {

class collecting_writer final : public body_writer {
public:
    explicit collecting_writer(std::string& out) : out_(out) {}
    task<void> write(std::string_view data) override {
        out_.append(data);
        co_return;
    }
private:
    std::string& out_;
};

template <class T>
T run_to_completion(task<T> work) {
    boost::asio::io_context ctx;
    std::optional<T> result;
    std::exception_ptr error;
    boost::asio::co_spawn(ctx, std::move(work), [&](std::exception_ptr e, T value) {
        if (e) error = e; else result = std::move(value);
    });
    ctx.run();
    if (error) std::rethrow_exception(error);
    return std::move(*result);
}

task<bool> drain(response& res) {
    collecting_writer writer{res.body};
    co_await res.stream(writer);
    co_return true;
}

}  // namespace

response invoke(const router& r, request req) {
    return run_to_completion([](const router& r, request req) -> task<response> {
        co_return co_await r.handle(req);
    }(r, std::move(req)));
}

std::string read_body(response& res) {
    if (res.stream) {
        res.body.clear();
        run_to_completion(drain(res));
        res.stream = nullptr;
    } else if (res.file) {
        res.body = read_file_body(*res.file);
        res.file.reset();
    }
    return res.body;
}

}  // namespace coronet::http
