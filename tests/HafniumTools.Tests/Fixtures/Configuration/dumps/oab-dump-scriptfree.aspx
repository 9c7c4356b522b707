Name                            : OAB (Default Web Site)
PollInterval                    : 480
OfflineAddressBooks             : \Default Offline Address Book
RequireSSL                      : True
BasicAuthentication             : False
WindowsAuthentication           : True
OAuthAuthentication             : True
MetabasePath                    : IIS://EX01.contoso.local/W3SVC/1/ROOT/OAB
Path                            : C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\OAB
ExtendedProtectionTokenChecking : None
ExtendedProtectionFlags         :
ExtendedProtectionSPNList       :
AdminDisplayVersion             : Version 15.1 (Build 2106.2)
Server                          : EX01
InternalUrl                     : https://ex01.contoso.local/OAB
InternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
ExternalUrl                     : https://mail.contoso.com/OAB
ExternalAuthenticationMethods   : OAuth
                                  WindowsIntegrated
AdminDisplayName                :
ExchangeVersion                 : 0.10 (14.0.100.0)
DistinguishedName               : CN=OAB (Default Web Site),CN=HTTP,CN=Protocols,CN=EX01,CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=contoso,DC=local
Identity                        : EX01\OAB (Default Web Site)
Guid                            : 982d48c8-8bfa-4b6b-b431-53fd7ea4e9b3
ObjectCategory                  : contoso.local/Configuration/Schema/ms-Exch-OAB-Virtual-Directory
ObjectClass                     : top
                                  msExchVirtualDirectory
                                  msExchOABVirtualDirectory
WhenChanged                     : 3/3/2021 5:21:10 AM
WhenCreated                     : 11/12/2020 2:14:33 PM
WhenChangedUTC                  : 3/3/2021 1:21:10 PM
WhenCreatedUTC                  : 11/12/2020 10:14:33 PM
OrganizationId                  :
Id                              : EX01\OAB (Default Web Site)
OriginatingServer               : DC01.contoso.local
IsValid                         : True
ObjectState                     : Unchanged
