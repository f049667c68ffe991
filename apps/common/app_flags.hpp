#pragma once
// What every coronet app does with its command line first: parse it, answer --help, refuse a
// bad flag, and set up the log from --log-level / --log-file.
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <boost/system/system_error.hpp>

#include <coronet/log.hpp>

namespace coronet_apps {

// Parses with `parser` (options and positionals already given) into `vm`. std::nullopt to go
// on; else the exit status to return: 0 after printing `shown` for --help, 2 after a bad flag.
inline std::optional<int> parse_flags(boost::program_options::command_line_parser parser,
                                      const boost::program_options::options_description& shown,
                                      boost::program_options::variables_map& vm) {
    try {
        boost::program_options::store(parser.run(), vm);
        boost::program_options::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n" << shown;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << shown;
        return 0;
    }
    return std::nullopt;
}

// parse_flags for a command line of the form `program [flags] COMMAND [ARGUMENT...]`: the first
// positional word goes to `command`, the others to `arguments`.
inline std::optional<int> parse_command_line(int argc, char** argv, const boost::program_options::options_description& flags,
                                             std::string& command, std::vector<std::string>& arguments,
                                             boost::program_options::variables_map& vm) {
    namespace po = boost::program_options;
    po::options_description positional_flags;
    positional_flags.add_options()("command", po::value(&command))("arguments", po::value(&arguments));
    po::positional_options_description positional;
    positional.add("command", 1).add("arguments", -1);
    po::options_description all;
    all.add(flags).add(positional_flags);
    return parse_flags(po::command_line_parser(argc, argv).options(all).positional(positional), flags, vm);
}

// An exception as a person reads it: a system error's message without Asio's source location
// ("Address already in use", not "bind: Address already in use [system:98 at /usr/include/...]").
inline std::string error_text(const std::exception& e) {
    if (auto* system = dynamic_cast<const boost::system::system_error*>(&e)) return system->code().message();
    return e.what();
}

// Sets the default logger's level and, when `file` is not empty, its file. False (after saying
// why on stderr) for an unknown level.
inline bool configure_logging(const std::string& level, const std::string& file) {
    auto parsed = coronet::parse_log_level(level);
    if (!parsed) {
        std::cerr << "unknown log level: " << level << "\n";
        return false;
    }
    coronet::default_logger().set_level(*parsed);
    if (!file.empty()) coronet::default_logger().open_file(file);
    return true;
}

}  // namespace coronet_apps
