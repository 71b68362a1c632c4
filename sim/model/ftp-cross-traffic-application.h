/**
 * \file
 * FTP-like bulk TCP cross traffic: parallel file transfers that load a chosen path.
 */
#ifndef MXRACE_SIM_FTP_CROSS_TRAFFIC_APPLICATION_H
#define MXRACE_SIM_FTP_CROSS_TRAFFIC_APPLICATION_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \brief Sends files over TCP to a sink, as FTP data connections do.
 *
 * The application keeps Transfers data connections busy in parallel, each to Remote:Port,
 * where a PacketSink (see FtpCrossTrafficHelper::InstallSink) receives them. Each
 * connection carries one file of FileSize bytes and is then closed, like an FTP data
 * connection. With Repeat, the same slot opens a new connection for the next file after a
 * pause drawn from PauseTime. FileSize 0 makes every connection send without end, until the
 * application stops. The direction of the load is the direction from this node to Remote,
 * and LocalAddress picks the source address on a multihomed node.
 *
 * A file counts as transferred when the sink acknowledged its last byte, which the sender
 * sees as an empty transmit buffer.
 *
 * \todo There is no FTP control connection: it carries a few hundred bytes per file and
 * does not matter for the load.
 */
class FtpCrossTrafficApplication : public Application
{
  public:
    /**
     * \brief Signature of the TransferFinished trace.
     * \param slot the parallel connection slot, from 0.
     * \param bytes the file size.
     * \param duration time from connection request to the last acknowledgement.
     */
    typedef void (*TransferFinishedTracedCallback)(uint32_t slot, uint64_t bytes, Time duration);

    /**
     * \brief Registers the attributes and trace sources.
     * \returns the object TypeId.
     */
    static TypeId GetTypeId();

    FtpCrossTrafficApplication();
    ~FtpCrossTrafficApplication() override;

    /**
     * \brief Fixes the random stream of PauseTime.
     * \param stream the stream index to use.
     * \returns the number of streams used (1).
     */
    int64_t AssignStreams(int64_t stream);

    /** \returns the number of bytes handed to TCP so far, over all connections. */
    uint64_t GetBytesSent() const;

    /** \returns the number of files completely transferred. */
    uint32_t GetFilesCompleted() const;

    /** \returns the number of connections that failed or were reset. */
    uint32_t GetFailedTransfers() const;

  protected:
    void DoDispose() override;

  private:
    /** \brief One parallel connection slot. */
    struct Slot
    {
        Ptr<Socket> socket;           //!< Data connection, if one is open.
        uint64_t bytesQueued = 0;     //!< Bytes of the current file handed to TCP.
        uint32_t txCapacity = 0;      //!< Transmit buffer size, for the completion check.
        bool connected = false;       //!< The connection is established.
        Time started;                 //!< When the current file's connection was requested.
        EventId nextEvent;            //!< Starts the next file after a pause.
    };

    void StartApplication() override;
    void StopApplication() override;

    /** \brief Opens the data connection of slot \p index. */
    void StartTransfer(uint32_t index);

    /** \brief Starts sending once connected. */
    void HandleConnected(uint32_t index, Ptr<Socket> socket);

    /** \brief Counts a failed connection and schedules the next file. */
    void HandleFailed(uint32_t index, Ptr<Socket> socket);

    /** \brief Fills the transmit buffer and detects the end of the file. */
    void HandleSend(uint32_t index, Ptr<Socket> socket, uint32_t available);

    /** \brief Closes the slot's socket and detaches its handlers. */
    void CloseSlot(Slot& slot);

    /** \brief Schedules the next file of slot \p index if Repeat is set. */
    void ScheduleNext(uint32_t index);

    Ipv4Address m_remote;             //!< Sink's address.
    uint16_t m_port;                  //!< Sink's port.
    Ipv4Address m_localAddress;       //!< Source address; 0.0.0.0 lets routing choose.
    uint32_t m_transfers;             //!< Parallel connections.
    uint64_t m_fileSize;              //!< Bytes per file; 0 sends without end.
    bool m_repeat;                    //!< Start another file after each one.
    Ptr<RandomVariableStream> m_pause; //!< Pause before the next file, in seconds.
    uint32_t m_sendSize;              //!< Bytes per Send() call.

    std::vector<Slot> m_slots;  //!< The parallel connections.
    uint64_t m_bytesSent;       //!< Bytes handed to TCP.
    uint32_t m_filesCompleted;  //!< Files acknowledged completely.
    uint32_t m_failedTransfers; //!< Connections that failed.

    TracedCallback<uint32_t, uint64_t, Time> m_transferFinishedTrace; //!< A file finished.
};

} // namespace ns3

#endif // MXRACE_SIM_FTP_CROSS_TRAFFIC_APPLICATION_H
