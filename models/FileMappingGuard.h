#pragma once

#include <QtGlobal>

#ifdef Q_OS_UNIX

struct MappedRegion;

// Part of RelationshipParser (see RelationshipParser.cpp).
// Keeps a file that shrinks while it is mapped from ending the process with SIGBUS.
//
// While a parse reads a mapping, its address range is registered here. A SIGBUS handler
// (installed once, the first time a file is mapped) looks at the faulting address: inside a
// registered range, it maps anonymous zero pages over the rest of that range (MAP_FIXED), marks
// the range as lost and returns, so that the faulting read runs again and reads zeros. Zeros are
// never valid JSON, so the parse stops with an error soon after, on whichever thread touched the
// page (the scanning thread, or the thread that copies evidence into the rows); parseFile() then
// sees the mark (and the file's changed size or time) and reports "the file changed while it was
// read" instead, with no rows. A SIGBUS anywhere else goes to the handler that was there before,
// or ends the process as it always did.
//
// Why not sigsetjmp/siglongjmp: a jump out of the handler skips C++ destructors and may leave a
// lock held by the interrupted thread (the allocator, the batch channel), on either of the two
// threads of the pipeline. Returning from the handler leaves every frame as it was: the only work
// done in the handler is mmap() (a system call on Linux and the BSDs) and atomic loads and stores.
// Why not read the file instead of mapping it: at a million rows, reading would copy the whole
// file (977 MB) before parsing and hold it in memory next to the rows; the mapping costs neither.
class FileMappingGuard
{
public:
    FileMappingGuard() = default;
    FileMappingGuard(const FileMappingGuard&) = delete;
    FileMappingGuard& operator=(const FileMappingGuard&) = delete;
    // Before the mapping is unmapped.
    ~FileMappingGuard();

    // Registers [data, data + size); false when no slot is free (then read, do not map).
    bool watch(const uchar* data, qsizetype size);
    // Whether a read of the range faulted. Call once every thread that reads it has finished.
    bool lost() const;

private:
    MappedRegion* m_region = nullptr;
};

#endif
