// The gRPC C++ baseline for `flywheel bench rpc`: the same echo contract, the same mesh certificates
// and the same five measurements, so the README can set Flywheel's figures beside gRPC's.
//
//   grpc-echo-bench --certs DIR [--seconds N]
//
// Server and client live in this process and talk over loopback through one channel (one HTTP/2
// connection) with mutual TLS: the server presents echo.pem and requires a client certificate signed by
// ca.pem; the client presents cli.pem and verifies the server as echo.mesh.flywheel. Both sides use
// gRPC's callback API. One line per measurement goes to stdout: name, result, p50, p99, tab-separated.
// Only Say and Expand are served (the benchmark uses nothing else); Collect and Chat answer
// UNIMPLEMENTED, and delay_millis is not honoured.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "flywheel/echo/v1/echo.grpc.pb.h"

namespace {

using flywheel::echo::v1::Echo;
using flywheel::echo::v1::EchoRequest;
using flywheel::echo::v1::EchoResponse;
using Clock = std::chrono::steady_clock;

constexpr const char* kServerName = "echo.mesh.flywheel";
constexpr const char* kInstanceID = "bench";
// As many messages as `flywheel bench rpc` asks for; the stream also stops at --seconds.
constexpr uint32_t kStreamedMessages = 200000;
// A call that takes this long means the benchmark is broken, not slow.
constexpr auto kCallDeadline = std::chrono::seconds(10);

[[noreturn]] void Fail(const std::string& message) {
    std::fprintf(stderr, "grpc-echo-bench: %s\n", message.c_str());
    std::exit(1);
}

std::string ReadFile(const std::string& path) {
    std::ifstream file(path);
    if (!file) Fail("cannot read " + path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

// Same rendering as the Swift table: whole microseconds below 1 ms, otherwise milliseconds.
std::string FormatLatency(Clock::duration duration) {
    double micros = std::chrono::duration<double, std::micro>(duration).count();
    char text[32];
    if (micros < 1000) {
        std::snprintf(text, sizeof text, "%.0f µs", micros);
    } else {
        std::snprintf(text, sizeof text, "%.2f ms", micros / 1000);
    }
    return text;
}

// Counts finished workers so the main thread can wait for all of them.
class Countdown {
  public:
    explicit Countdown(int count) : remaining_(count) {}

    void Arrive() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (--remaining_ == 0) done_.notify_all();
    }

    void Wait(Clock::duration limit) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!done_.wait_for(lock, limit, [this] { return remaining_ == 0; })) {
            Fail("the measurement did not finish in time");
        }
    }

  private:
    std::mutex mutex_;
    std::condition_variable done_;
    int remaining_;
};

// The server half: Say answers with the request, Expand streams `count` copies of it.
class EchoService final : public Echo::CallbackService {
  public:
    grpc::ServerUnaryReactor* Say(grpc::CallbackServerContext* context, const EchoRequest* request,
                                  EchoResponse* response) override {
        response->set_text(request->text());
        response->set_payload(request->payload());
        response->set_instance_id(kInstanceID);
        grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
        reactor->Finish(grpc::Status::OK);
        return reactor;
    }

    grpc::ServerWriteReactor<EchoResponse>* Expand(grpc::CallbackServerContext*,
                                                   const EchoRequest* request) override {
        return new ExpandWriter(*request);
    }

  private:
    // Writes one response at a time: gRPC allows a single outstanding write per stream.
    class ExpandWriter final : public grpc::ServerWriteReactor<EchoResponse> {
      public:
        explicit ExpandWriter(const EchoRequest& request) : count_(request.count()) {
            response_.set_text(request.text());
            response_.set_payload(request.payload());
            response_.set_instance_id(kInstanceID);
            WriteNext();
        }

        void OnWriteDone(bool ok) override {
            if (!ok) {
                Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
                return;
            }
            WriteNext();
        }

        void OnDone() override { delete this; }

      private:
        void WriteNext() {
            if (index_ == count_) {
                Finish(grpc::Status::OK);
                return;
            }
            response_.set_index(index_++);
            // The buffer hint lets gRPC coalesce messages into fewer frames and TLS records, as Flywheel's
            // writer does; the last message goes without it so the stream flushes.
            grpc::WriteOptions options;
            if (index_ < count_) options.set_buffer_hint();
            StartWrite(&response_, options);
        }

        EchoResponse response_;
        uint32_t count_;
        uint32_t index_ = 0;
    };
};

// One client loop of sequential unary calls: each completion records its latency and starts the next
// call until the deadline passes.
class UnaryLoop {
  public:
    UnaryLoop(Echo::Stub* stub, const std::string& payload, Clock::time_point deadline, Countdown* countdown)
        : stub_(stub), deadline_(deadline), countdown_(countdown) {
        request_.set_payload(payload);
    }

    void Start() { Next(); }

    const std::vector<Clock::duration>& Samples() const { return samples_; }
    const std::string& Error() const { return error_; }

  private:
    void Next() {
        context_ = std::make_unique<grpc::ClientContext>();
        context_->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
        response_.Clear();
        begin_ = Clock::now();
        stub_->async()->Say(context_.get(), &request_, &response_, [this](grpc::Status status) {
            Clock::time_point end = Clock::now();
            if (!status.ok()) {
                error_ = status.error_message();
                countdown_->Arrive();
                return;
            }
            samples_.push_back(end - begin_);
            if (end < deadline_) {
                Next();
            } else {
                countdown_->Arrive();
            }
        });
    }

    Echo::Stub* stub_;
    Clock::time_point deadline_;
    Countdown* countdown_;
    EchoRequest request_;
    EchoResponse response_;
    std::unique_ptr<grpc::ClientContext> context_;
    Clock::time_point begin_;
    std::vector<Clock::duration> samples_;
    std::string error_;
};

// Reads one Expand stream, counting messages, and cancels it when the deadline passes.
class StreamReader final : public grpc::ClientReadReactor<EchoResponse> {
  public:
    StreamReader(Echo::Stub* stub, Clock::time_point deadline, Countdown* countdown)
        : deadline_(deadline), countdown_(countdown) {
        request_.set_payload(std::string(100, '\x01'));
        request_.set_count(kStreamedMessages);
        started_ = Clock::now();
        stub->async()->Expand(&context_, &request_, this);
        StartRead(&response_);
        StartCall();
    }

    void OnReadDone(bool ok) override {
        if (!ok) return;
        if (cancelled_) return;
        ++received_;
        ended_ = Clock::now();
        if (ended_ >= deadline_) {
            cancelled_ = true;
            context_.TryCancel();
            return;
        }
        StartRead(&response_);
    }

    void OnDone(const grpc::Status& status) override {
        if (!status.ok() && !cancelled_) error_ = status.error_message();
        countdown_->Arrive();
    }

    uint64_t Received() const { return received_; }
    double Rate() const { return received_ / Seconds(ended_ - started_); }
    const std::string& Error() const { return error_; }

  private:
    grpc::ClientContext context_;
    EchoRequest request_;
    EchoResponse response_;
    Clock::time_point deadline_;
    Countdown* countdown_;
    Clock::time_point started_;
    Clock::time_point ended_;
    uint64_t received_ = 0;
    bool cancelled_ = false;
    std::string error_;
};

void PrintRow(const std::string& name, const std::string& result, const std::string& p50, const std::string& p99) {
    std::printf("%s\t%s\t%s\t%s\n", name.c_str(), result.c_str(), p50.c_str(), p99.c_str());
    std::fflush(stdout);
}

void MeasureUnary(Echo::Stub* stub, const std::string& label, size_t size, int concurrency, double seconds) {
    std::string payload(size, 'Z');
    Countdown countdown(concurrency);
    Clock::time_point started = Clock::now();
    Clock::time_point deadline = started + std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(seconds));
    std::vector<std::unique_ptr<UnaryLoop>> loops;
    for (int i = 0; i < concurrency; ++i) {
        loops.push_back(std::make_unique<UnaryLoop>(stub, payload, deadline, &countdown));
    }
    for (auto& loop : loops) loop->Start();
    countdown.Wait(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)) +
                   kCallDeadline * 2);
    Clock::duration elapsed = Clock::now() - started;

    std::vector<Clock::duration> all;
    for (auto& loop : loops) {
        if (!loop->Error().empty()) Fail("Say failed: " + loop->Error());
        all.insert(all.end(), loop->Samples().begin(), loop->Samples().end());
    }
    if (all.empty()) Fail("no Say call finished");
    std::sort(all.begin(), all.end());
    std::string calls = concurrency == 1 ? "1 call at a time" : std::to_string(concurrency) + " concurrent";
    std::string name = "unary " + label + ", " + calls;
    long rate = static_cast<long>(all.size() / Seconds(elapsed));
    PrintRow(name, std::to_string(rate) + " calls/s", FormatLatency(all[all.size() / 2]),
             FormatLatency(all[std::min(all.size() - 1, all.size() * 99 / 100)]));
}

void MeasureStreaming(Echo::Stub* stub, double seconds) {
    Countdown countdown(1);
    Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                    std::chrono::duration<double>(seconds));
    StreamReader reader(stub, deadline, &countdown);
    countdown.Wait(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds)) +
                   kCallDeadline * 2);
    if (!reader.Error().empty()) Fail("Expand failed: " + reader.Error());
    if (reader.Received() == 0) Fail("Expand sent no message");
    PrintRow("server streaming 100 B", std::to_string(static_cast<long>(reader.Rate())) + " messages/s", "-", "-");
}

// Warms the connection up with one call and checks that the server proved its mesh identity.
void WarmUp(Echo::Stub* stub) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    EchoRequest request;
    request.set_text("warm-up");
    EchoResponse response;
    grpc::Status status = stub->Say(&context, request, &response);
    if (!status.ok()) Fail("warm-up call failed: " + status.error_message());
    if (response.text() != "warm-up") Fail("warm-up call answered '" + response.text() + "'");
    std::string identity;
    for (const auto& property : context.auth_context()->GetPeerIdentity()) {
        identity.append(property.data(), property.size());
    }
    if (identity.empty()) Fail("the server's certificate gave no peer identity");
    std::fprintf(stderr, "grpc-echo-bench: connected to %s over mutual TLS\n", identity.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    std::string certs;
    double seconds = 3;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        if (i + 1 >= argc) Fail(argument + " needs a value (usage: grpc-echo-bench --certs DIR [--seconds N])");
        if (argument == "--certs") {
            certs = argv[++i];
        } else if (argument == "--seconds") {
            seconds = std::atof(argv[++i]);
        } else {
            Fail("unknown option " + argument);
        }
    }
    if (certs.empty()) Fail("--certs DIR is required");
    if (!(seconds > 0)) Fail("--seconds needs a positive number");
    std::string ca = ReadFile(certs + "/ca.pem");

    grpc::SslServerCredentialsOptions serverTLS(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    serverTLS.pem_root_certs = ca;
    serverTLS.pem_key_cert_pairs.push_back({ReadFile(certs + "/echo.key"), ReadFile(certs + "/echo.pem")});
    EchoService service;
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::SslServerCredentials(serverTLS), &port);
    builder.RegisterService(&service);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    if (!server || port == 0) Fail("the server could not listen on 127.0.0.1");

    grpc::SslCredentialsOptions clientTLS;
    clientTLS.pem_root_certs = ca;
    clientTLS.pem_private_key = ReadFile(certs + "/cli.key");
    clientTLS.pem_cert_chain = ReadFile(certs + "/cli.pem");
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride(kServerName);
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
        "127.0.0.1:" + std::to_string(port), grpc::SslCredentials(clientTLS), arguments);
    std::unique_ptr<Echo::Stub> stub = Echo::NewStub(channel);

    WarmUp(stub.get());
    for (const auto& [label, size] : {std::pair<std::string, size_t>{"100 B", 100}, {"10 KB", 10000}}) {
        for (int concurrency : {1, 64}) MeasureUnary(stub.get(), label, size, concurrency, seconds);
    }
    MeasureStreaming(stub.get(), seconds);

    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    return 0;
}
