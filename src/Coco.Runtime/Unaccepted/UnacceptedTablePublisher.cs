using Coco.Memory;
using Coco.Uefi;

namespace Coco.Unaccepted
{
    /// <summary>
    /// Publishes the unaccepted-memory table the way the Linux EFI stub would: reuse an
    /// installed version-1 table (refuse any other version), else size one from the map,
    /// allocate it, accept what the bitmap cannot record, mark the rest, install it.
    /// A malformed map publishes nothing; a new table is installed only once it is complete,
    /// and freed if accepting fails (then the acceptor's failure policy applies).
    /// </summary>
    public static unsafe class UnacceptedTablePublisher
    {
        /// <summary>Firmware entry point: boot services for the table, <paramref name="acceptor"/> for memory.</summary>
        public static PublishResult Publish(in EfiMemoryMap map, in MemoryAcceptor acceptor) =>
            Publish(map, acceptor, UnacceptedTableServices.Firmware);

        public static PublishResult Publish(in EfiMemoryMap map, in MemoryAcceptor acceptor, in UnacceptedTableServices services)
        {
            PublishResult result = default;
            result.MapError = MemoryMapValidator.Validate(map);
            if (result.MapError.IsError)
            {
                result.Status = result.MapError.Status;
                result.Failure = PublishFailure.InvalidMemoryMap;
                return result;
            }

            UnacceptedMemoryTable* installed = services.FindInstalled(services.Context);
            if (installed != null)
            {
                return FillInstalled(installed, map, acceptor, result);
            }

            result.Layout = UnacceptedTableLayout.For(map);
            if (!result.Layout.NeedsTable)
            {
                result.Status = EfiStatus.Success;
                return result;
            }

            UnacceptedMemoryTable* table = null;
            result.Status = services.Allocate(services.Context, result.Layout.AllocationBytes, &table);
            if (result.Status.IsError || table == null)
            {
                result.Status = result.Status.IsError ? result.Status : EfiStatus.OutOfResources;
                result.Failure = PublishFailure.AllocationFailed;
                return result;
            }
            result.AcceptError = UnacceptedTableBuilder.Build(table, result.Layout, map, acceptor, ref result.Counters);
            if (result.AcceptError.IsError)
            {
                services.Free(services.Context, table, result.Layout.AllocationBytes);
                result.Status = result.AcceptError.Status;
                result.Failure = PublishFailure.AcceptFailed;
                AcceptanceHalt.IfFatal(acceptor, result.AcceptError);
                return result;
            }

            result.Status = services.Install(services.Context, table);
            if (result.Status.IsError)
            {
                services.Free(services.Context, table, result.Layout.AllocationBytes);
                result.Failure = PublishFailure.InstallFailed;
                return result;
            }
            result.Table = table;
            return result;
        }

        private static PublishResult FillInstalled(UnacceptedMemoryTable* installed, in EfiMemoryMap map, in MemoryAcceptor acceptor, PublishResult result)
        {
            result.InstalledVersion = installed->Version;
            if (installed->Version != UnacceptedMemoryTable.CurrentVersion)
            {
                result.Status = EfiStatus.Unsupported;
                result.Failure = PublishFailure.UnsupportedTableVersion;
                return result;
            }
            ulong unit = installed->UnitSize;
            if (unit < PageSize.Size4K || (unit & (unit - 1)) != 0 || (installed->PhysBase & (unit - 1)) != 0)
            {
                result.Status = EfiStatus.Unsupported;
                result.Failure = PublishFailure.UnsupportedTableLayout;
                return result;
            }
            result.ReusedInstalledTable = true;
            result.Layout.UnitSize = unit;
            result.Layout.PhysBase = installed->PhysBase;
            result.Layout.BitmapBytes = installed->Size;
            result.Layout.End = UnacceptedTableBuilder.CoverageEnd(installed->PhysBase, unit, UnacceptedTableBuilder.BitCountOf(installed));
            // An installed table cannot be taken back: what was marked before an error stays marked.
            result.AcceptError = UnacceptedTableBuilder.Populate(installed, map, acceptor, ref result.Counters);
            if (result.AcceptError.IsError)
            {
                result.Status = result.AcceptError.Status;
                result.Failure = PublishFailure.AcceptFailed;
                AcceptanceHalt.IfFatal(acceptor, result.AcceptError);
                return result;
            }
            result.Status = EfiStatus.Success;
            result.Table = installed;
            return result;
        }
    }
}
