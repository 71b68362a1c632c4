#include "ftp-cross-traffic-application.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FtpCrossTrafficApplication");

NS_OBJECT_ENSURE_REGISTERED(FtpCrossTrafficApplication);

TypeId
FtpCrossTrafficApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FtpCrossTrafficApplication")
            .SetParent<Application>()
            .SetGroupName("Mxrace")
            .AddConstructor<FtpCrossTrafficApplication>()
            .AddAttribute("Remote",
                          "IPv4 address of the sink that receives the files.",
                          Ipv4AddressValue(Ipv4Address("127.0.0.1")),
                          MakeIpv4AddressAccessor(&FtpCrossTrafficApplication::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Port",
                          "TCP port of the sink (FTP's data port is 20).",
                          UintegerValue(20),
                          MakeUintegerAccessor(&FtpCrossTrafficApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("LocalAddress",
                          "Source IPv4 address of the connections; 0.0.0.0 lets routing choose.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&FtpCrossTrafficApplication::m_localAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("Transfers",
                          "Number of data connections running in parallel.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&FtpCrossTrafficApplication::m_transfers),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("FileSize",
                          "Bytes per file; 0 sends without end until the application stops.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FtpCrossTrafficApplication::m_fileSize),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Repeat",
                          "Start another file on a new connection after each file.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&FtpCrossTrafficApplication::m_repeat),
                          MakeBooleanChecker())
            .AddAttribute("PauseTime",
                          "Pause before the next file of a slot, in seconds.",
                          StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                          MakePointerAccessor(&FtpCrossTrafficApplication::m_pause),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("SendSize",
                          "Bytes handed to TCP per Send() call.",
                          UintegerValue(1448),
                          MakeUintegerAccessor(&FtpCrossTrafficApplication::m_sendSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("TransferFinished",
                            "A file was completely acknowledged: slot, bytes and duration.",
                            MakeTraceSourceAccessor(
                                &FtpCrossTrafficApplication::m_transferFinishedTrace),
                            "ns3::FtpCrossTrafficApplication::TransferFinishedTracedCallback");
    return tid;
}

FtpCrossTrafficApplication::FtpCrossTrafficApplication()
    : m_port(20),
      m_transfers(1),
      m_fileSize(0),
      m_repeat(false),
      m_sendSize(1448),
      m_bytesSent(0),
      m_filesCompleted(0),
      m_failedTransfers(0)
{
    NS_LOG_FUNCTION(this);
}

FtpCrossTrafficApplication::~FtpCrossTrafficApplication()
{
    NS_LOG_FUNCTION(this);
}

int64_t
FtpCrossTrafficApplication::AssignStreams(int64_t stream)
{
    m_pause->SetStream(stream);
    return 1;
}

uint64_t
FtpCrossTrafficApplication::GetBytesSent() const
{
    return m_bytesSent;
}

uint32_t
FtpCrossTrafficApplication::GetFilesCompleted() const
{
    return m_filesCompleted;
}

uint32_t
FtpCrossTrafficApplication::GetFailedTransfers() const
{
    return m_failedTransfers;
}

void
FtpCrossTrafficApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    StopApplication();
    m_slots.clear();
    Application::DoDispose();
}

void
FtpCrossTrafficApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_slots.assign(m_transfers, Slot());
    for (uint32_t i = 0; i < m_transfers; ++i)
    {
        StartTransfer(i);
    }
}

void
FtpCrossTrafficApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (Slot& slot : m_slots)
    {
        Simulator::Cancel(slot.nextEvent);
        CloseSlot(slot);
    }
}

void
FtpCrossTrafficApplication::StartTransfer(uint32_t index)
{
    Slot& slot = m_slots[index];
    slot.socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (slot.socket->Bind(InetSocketAddress(m_localAddress, 0)) != 0)
    {
        NS_FATAL_ERROR("FtpCrossTrafficApplication: cannot bind TCP to LocalAddress "
                       << m_localAddress << "; set it to an address of node "
                       << GetNode()->GetId() << " or to 0.0.0.0");
    }
    slot.bytesQueued = 0;
    slot.connected = false;
    slot.started = Simulator::Now();
    slot.socket->SetConnectCallback(
        MakeCallback(&FtpCrossTrafficApplication::HandleConnected, this, index),
        MakeCallback(&FtpCrossTrafficApplication::HandleFailed, this, index));
    slot.socket->SetCloseCallbacks(
        MakeCallback(&FtpCrossTrafficApplication::HandleFailed, this, index),
        MakeCallback(&FtpCrossTrafficApplication::HandleFailed, this, index));
    if (slot.socket->Connect(InetSocketAddress(m_remote, m_port)) != 0)
    {
        Simulator::ScheduleNow(&FtpCrossTrafficApplication::HandleFailed, this, index, slot.socket);
    }
}

void
FtpCrossTrafficApplication::HandleConnected(uint32_t index, Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << index << socket);
    Slot& slot = m_slots[index];
    if (slot.socket != socket)
    {
        return;
    }
    slot.connected = true;
    slot.txCapacity = socket->GetTxAvailable();
    socket->SetSendCallback(MakeCallback(&FtpCrossTrafficApplication::HandleSend, this, index));
    HandleSend(index, socket, slot.txCapacity);
}

void
FtpCrossTrafficApplication::HandleFailed(uint32_t index, Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << index << socket);
    Slot& slot = m_slots[index];
    if (slot.socket != socket)
    {
        return;
    }
    ++m_failedTransfers;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " FTP slot " << index << " to " << m_remote
                                             << " failed after " << slot.bytesQueued << " bytes");
    CloseSlot(slot);
    ScheduleNext(index);
}

void
FtpCrossTrafficApplication::HandleSend(uint32_t index, Ptr<Socket> socket, uint32_t available)
{
    Slot& slot = m_slots[index];
    if (slot.socket != socket || !slot.connected)
    {
        return;
    }

    while (m_fileSize == 0 || slot.bytesQueued < m_fileSize)
    {
        uint64_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        uint64_t size = std::min<uint64_t>(room, m_sendSize);
        if (m_fileSize > 0)
        {
            size = std::min(size, m_fileSize - slot.bytesQueued);
        }
        int sent = socket->Send(Create<Packet>(static_cast<uint32_t>(size)));
        if (sent <= 0)
        {
            return;
        }
        slot.bytesQueued += static_cast<uint64_t>(sent);
        m_bytesSent += static_cast<uint64_t>(sent);
    }

    // The whole file is queued. It counts as transferred once the buffer is empty, that is
    // once the sink acknowledged every byte.
    if (socket->GetTxAvailable() < slot.txCapacity)
    {
        return;
    }
    Time duration = Simulator::Now() - slot.started;
    ++m_filesCompleted;
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " FTP slot " << index << " sent " << m_fileSize
                                             << " bytes in " << duration.As(Time::S));
    CloseSlot(slot);
    m_transferFinishedTrace(index, m_fileSize, duration);
    ScheduleNext(index);
}

void
FtpCrossTrafficApplication::CloseSlot(Slot& slot)
{
    if (!slot.socket)
    {
        return;
    }
    slot.socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
    slot.socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
    slot.socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    slot.socket->Close();
    slot.socket = nullptr;
    slot.connected = false;
}

void
FtpCrossTrafficApplication::ScheduleNext(uint32_t index)
{
    if (!m_repeat)
    {
        return;
    }
    Time pause = Seconds(m_pause->GetValue());
    m_slots[index].nextEvent =
        Simulator::Schedule(pause, &FtpCrossTrafficApplication::StartTransfer, this, index);
}

} // namespace ns3
