#pragma once
// The pattern of the SIGKILL durability tests: writers stream writes at a server process,
// counting the writes it acknowledged; at a random count it is killed with SIGKILL; the test
// then reopens what it wrote and checks that every acknowledged write is there, and restarts
// it for the next round.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

#include "support/test_support.hpp"

namespace coronet::testing {

// How many rounds of kill and restart: CORONET_KILL_ROUNDS when set (the longer runs that
// docs/reliability.md reports), else `fallback` (the suite's).
inline int kill_rounds(int fallback = 5) {
    const char* text = std::getenv("CORONET_KILL_ROUNDS");
    return text ? std::max(1, std::atoi(text)) : fallback;
}

struct kill_outcome {
    bool reached = false;       // `kill_after` acknowledgements came before the time limit
    int acknowledged = 0;       // by all writers, when the last of them ended
    int exit_status = -1;       // the server's: 128 + SIGKILL when the kill took it
};

// Runs `writer(w, acknowledged)` for each w below `writers`, on threads of their own: each
// writes to `server` and adds 1 to `acknowledged` per write the server answered, until its
// connection breaks (an exception ends a writer quietly: the kill resets connections). Once
// `acknowledged` reaches `kill_after`, or `limit` has passed, the server is killed with
// SIGKILL; returns when it has exited and every writer has ended. No Boost.Test macros in
// `writer`: it runs off the main thread.
inline kill_outcome kill_during_writes(child_process& server, int writers, int kill_after,
                                       const std::function<void(int, std::atomic<int>&)>& writer,
                                       std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            try {
                writer(w, acknowledged);
            } catch (const std::exception&) {
                // The connection was reset by the kill.
            }
        });
    }
    kill_outcome out;
    out.reached = wait_until([&] { return acknowledged >= kill_after; }, limit);
    server.signal(SIGKILL);
    for (auto& t : threads) t.join();
    out.acknowledged = acknowledged;
    out.exit_status = server.wait_exit().value_or(-1);
    return out;
}

}  // namespace coronet::testing
