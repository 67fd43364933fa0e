using Coco.Uefi;
using UefiServices = Coco.Uefi.Efi;

namespace Coco.Layouts
{
    /// <summary>Installs and finds UEFI configuration tables: what every generated
    /// <c>Install</c>/<c>Find</c> of an <c>[EfiConfigurationTable]</c> struct calls. (EFI images
    /// also have a namespace Coco.Efi, which a bare <c>Efi</c> would name here: hence the alias.)</summary>
    public static unsafe class ConfigurationTables
    {
        // Spans are int-sized; pool buffers may be larger, so clear in chunks.
        private const int ZeroChunk = 0x40000000;

        /// <summary>Allocates <paramref name="size"/> bytes of pool as <paramref name="memoryType"/>,
        /// zeroes them, copies <paramref name="header"/> to the start and installs the buffer in the
        /// system table under <paramref name="guid"/>. On error nothing stays allocated and
        /// <paramref name="table"/> is null.</summary>
        public static EfiStatus Install<T>(in T header, ulong size, EfiGuid guid, EfiMemoryType memoryType, out T* table) where T : unmanaged
        {
            table = null;
            // No nuint.MaxValue in the minimal core library: compare by width.
            if (size < (ulong)sizeof(T) || (sizeof(nuint) < sizeof(ulong) && size > uint.MaxValue))
            {
                return EfiStatus.BadBufferSize;
            }
            EfiStatus status = UefiServices.AllocatePool(memoryType, (nuint)size, out void* buffer);
            if (status.IsError)
            {
                return status;
            }
            Zero((byte*)buffer, size);
            *(T*)buffer = header;
            status = UefiServices.InstallConfigurationTable(guid, buffer);
            if (status.IsError)
            {
                UefiServices.FreePool(buffer);
                return status;
            }
            table = (T*)buffer;
            return status;
        }

        /// <summary>The installed table with <paramref name="guid"/>, found by walking the system
        /// table's configuration table; null when none is installed.</summary>
        public static T* Find<T>(EfiGuid guid) where T : unmanaged => (T*)UefiServices.FindConfigurationTable(guid);

        private static void Zero(byte* bytes, ulong length)
        {
            while (length > 0)
            {
                int chunk = length > ZeroChunk ? ZeroChunk : (int)length;
                new System.Span<byte>(bytes, chunk).Clear();
                bytes += chunk;
                length -= (ulong)chunk;
            }
        }
    }
}
